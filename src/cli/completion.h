// Shell completions (bash, zsh, fish) and the man page, generated from the
// command line's own definition, so they can never disagree with --help.
// The build writes them with the binary (`cfscale completion SHELL`,
// `cfscale completion man`) and `cmake --install` and the .deb install them.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace cfscale::cli {

// "bash", "zsh", "fish" or "man"; nothing for another name.
std::optional<std::string> completion_script(const CLI::App& app, const std::string& shell);

}  // namespace cfscale::cli
