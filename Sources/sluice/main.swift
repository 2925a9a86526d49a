import SluiceBuiltins
import SluiceCommandLine
import SluiceCore

await SluiceCommandLine.main(registry: .builtins())
