import MarkdownReader
import SluiceBuiltins
import SluiceCommandLine
import SluiceCore

// The built-in plugins plus this package's reader, behind the very same command line.
var registry = PluginRegistry.builtins()
registry.register(MarkdownReader.self)
await SluiceCommandLine.main(registry: registry)
