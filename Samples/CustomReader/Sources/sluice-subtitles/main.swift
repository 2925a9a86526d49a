import SluiceBuiltins
import SluiceCommandLine
import SluiceCore
import SubtitleReader

// The built-in plugins plus this package's reader, behind the very same command line.
var registry = PluginRegistry.builtins()
registry.register(SubtitleReader.self)
await SluiceCommandLine.main(registry: registry)
