import SluiceBuiltins
import SluiceCommandLine
import SluiceCore
import SubtitleReader

// The built-in plugins plus this package's reader (and how database sinks store its
// transcripts: searchable cues and a `subtitle_cues` table), behind the very same command line.
var registry = PluginRegistry.builtins()
registry.register(SubtitleReader.self)
registry.register(projection: SubtitleProjection(), forKinds: ["transcript"])
await SluiceCommandLine.main(registry: registry)
