// Fixture for the layer check: report may not see the config model.
#include "config/model.h"
