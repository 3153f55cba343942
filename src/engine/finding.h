// What a finding takes from its rule, whoever makes it: the rules evaluated
// over one Worker (analyze), the findings across Workers (cross) and the
// suppression findings (suppress) start from the same fields, so the
// catalogue and the settings (severity) reach all of them alike.
#pragma once

#include "core/report.h"
#include "engine/rule.h"

namespace cfscale::engine {

// The rule's id, topic, kind, severity (as the catalogue and the settings
// say), example, references and checklist item; the texts are the caller's
// to render from r.compiled.
Finding finding_of(const Rule& r);

}  // namespace cfscale::engine
