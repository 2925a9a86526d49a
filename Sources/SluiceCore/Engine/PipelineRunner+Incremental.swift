/// What an incremental run starts from: the plan for its inputs, and the inputs earlier runs
/// recorded that have disappeared.
struct IncrementalStart {
    var plan: IncrementalPlan
    var missing: [RunReport.MissingInput]
    /// Each input's key in the state store (``IncrementalPlan/key(_:)``), in input order.
    var keys: [String]
}

extension PipelineRunner {
    /// Reads what earlier runs recorded, decides what this run processes, and deals with inputs
    /// that disappeared: reported, and removed from the sinks when the pipeline asks.
    func startIncremental(
        _ spec: PipelineSpec, stages: PipelineStages, tracking: StateTracking, inputs: [DiscoveredInput], notes: inout [String]
    ) async throws(PluginError) -> IncrementalStart {
        let key = stateKey(spec, scope: tracking.scope)
        var earlier: [PathKey: InputRecord]
        do {
            earlier = try await tracking.store.records(pipeline: key, adoptingLegacy: legacyStateKey(spec, scope: tracking.scope), notes: &notes)
        } catch {
            throw PluginError.storage("cannot read the state store \(tracking.location): \(PluginError(error).reason)")
        }
        let keys = IncrementalPlan.keys(inputs.map(\.path))
        let present = Set(keys.map(PathKey.init))
        let missing = try await handleMissing(spec, stages: stages, earlier: earlier, present: present, inputs: inputs, notes: &notes)
        if !earlier.isEmpty, let fresh = stages.sinks.first(where: { $0.plugin.outputIsNew }) {
            notes.append("the output of sink '\(fresh.name)' is new: every input is processed again")
            earlier = earlier.filter { !present.contains($0.key) }
        }
        let plan = IncrementalPlan(mode: tracking.mode, configurationHash: configurationHash(spec), earlier: earlier)
        return IncrementalStart(plan: plan, missing: missing, keys: keys)
    }

    /// The inputs earlier runs recorded that are gone, their documents removed from the sinks
    /// when the pipeline asks (`remove_missing`) and discovery had no trouble.
    private func handleMissing(
        _ spec: PipelineSpec, stages: PipelineStages, earlier: [PathKey: InputRecord], present: Set<PathKey>,
        inputs: [DiscoveredInput], notes: inout [String]
    ) async throws(PluginError) -> [RunReport.MissingInput] {
        let roots = IncrementalPlan.inputRoots(spec)
        let gone = earlier.keys.filter { !present.contains($0) && IncrementalPlan.isUnder($0.path, roots) }.sorted()
        guard !gone.isEmpty else { return [] }
        // A root that could not be listed or matched nothing would make everything under it
        // look gone: keep those documents and say why.
        let discoveryTrouble = inputs.contains { if case .fail = $0.disposition { return true } else { return false } } || !notes.isEmpty
        var removed = false
        if spec.removeMissing && discoveryTrouble {
            notes.append("inputs that disappeared were kept, not removed: discovery reported problems (see above); fix them or run again")
        } else if spec.removeMissing {
            let sources = gone.map { earlier[$0]?.sourcePath ?? $0.path }.uniquePathsInByteOrder()
            for sink in stages.sinks {
                do {
                    try await sink.plugin.removeDocuments(fromInputs: sources)
                } catch {
                    throw PluginError(error).attributed(plugin: sink.name, file: nil)
                }
            }
            removed = true
        }
        return gone.map {
            RunReport.MissingInput(path: earlier[$0]?.sourcePath ?? $0.path, key: $0.path, documents: earlier[$0]?.documentIDs.count ?? 0, removed: removed)
        }
    }
}
