# The one place that says which layer may use which. Read by CMakeLists.txt
# (to link the libraries) and by check_layers.cmake (to fail the build when a
# source file includes a header from a layer it may not see).
#
#   core  <-  config, metrics, source  <-  engine, cost  <-  report  <-  cli
#   config, metrics  <-  analytics (Cloudflare's analytics: queries)  <-  cli
#
# source reads the Worker's code into facts; it knows nothing of the config
# (the engine tells it which names are bindings).
#
# report sees only the finished report (core's vocabulary types), never the
# config model or the engine.
set(CFSCALE_LAYERS core config metrics source engine cost report analytics cli)
set(CFSCALE_LAYER_DEPS_core "")
set(CFSCALE_LAYER_DEPS_config core)
set(CFSCALE_LAYER_DEPS_metrics core)
set(CFSCALE_LAYER_DEPS_source core)
set(CFSCALE_LAYER_DEPS_engine core config metrics source cost)
set(CFSCALE_LAYER_DEPS_cost core config metrics)
set(CFSCALE_LAYER_DEPS_report core)
set(CFSCALE_LAYER_DEPS_analytics core config metrics)
set(CFSCALE_LAYER_DEPS_cli core config metrics source engine cost report analytics)
