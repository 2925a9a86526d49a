import SluiceCore

extension RelationalDocument {
    /// Flattens a batch's documents, in their order, on every core.
    ///
    /// Encoding a document (its canonical JSON, the SHA-256 of it, the projections' entries)
    /// costs about as much CPU as reading it did; done one after another in the sink's call it
    /// would make the sink the serial part of a run, so the batch is cut into one slice per core
    /// and the slices are encoded at once. The rows come back in the documents' order.
    package static func rows(
        of documents: [Document], projections: DocumentProjections, slices: Int = SystemInfo.activeProcessorCount
    ) async throws -> [RelationalDocument] {
        // Small batches are not worth the tasks.
        let count = max(1, min(slices, documents.count / 16))
        guard count > 1 else { return try documents.map { try RelationalDocument($0, projections: projections) } }
        let size = (documents.count + count - 1) / count
        return try await withThrowingTaskGroup(of: (Int, [RelationalDocument]).self) { group in
            for start in stride(from: 0, to: documents.count, by: size) {
                let slice = documents[start..<min(start + size, documents.count)]
                group.addTask { (start, try slice.map { try RelationalDocument($0, projections: projections) }) }
            }
            var parts: [(Int, [RelationalDocument])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
