#include "engine/finding.h"

namespace cfscale::engine {

Finding finding_of(const Rule& r) {
  Finding f;
  f.rule = r.id;
  f.topic = r.topic;
  f.kind = r.kind;
  f.severity = r.severity;
  f.example = r.example.after;
  f.example_language = r.example.language;
  for (const auto& ref : r.references) f.references.push_back(ref.url);
  if (r.checklist) {
    f.checklist_item = r.checklist->item;
    f.stage = r.checklist->stage;
    if (r.checklist->item != r.topic) f.related_topics.push_back(r.checklist->item);
  }
  return f;
}

}  // namespace cfscale::engine
