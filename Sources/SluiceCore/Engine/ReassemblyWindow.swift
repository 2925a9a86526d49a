/// The ordered reassembly window of a run: inputs are launched in order, finish in any order, and
/// are handed on in input order. At most `concurrency` are processed at once, and at most
/// `capacity` finished inputs wait for an earlier one, which bounds memory.
struct ReassemblyWindow {
    /// Inputs in the run.
    let count: Int
    /// Inputs processed at once.
    let concurrency: Int
    /// How far launching may run ahead of handing on.
    let capacity: Int
    /// The next input to launch.
    private var next = 0
    /// The next input to hand on.
    private var delivered = 0
    /// Inputs launched and not finished.
    private var running = 0
    /// Finished inputs waiting for an earlier one.
    private var waiting: [Int: InputResult] = [:]

    init(count: Int, concurrency: Int) {
        self.count = count
        self.concurrency = concurrency
        self.capacity = max(concurrency * 4, 8)
    }

    /// The index of the next input to launch, or nil when none may be launched now.
    mutating func launch() -> Int? {
        guard next < count, running < concurrency, next - delivered < capacity else { return nil }
        defer {
            next += 1
            running += 1
        }
        return next
    }

    /// Takes the result of a finished input.
    mutating func finished(_ index: Int, _ result: InputResult) {
        running -= 1
        waiting[index] = result
    }

    /// The next result in input order, when it has finished.
    mutating func nextInOrder() -> InputResult? {
        guard let ready = waiting.removeValue(forKey: delivered) else { return nil }
        delivered += 1
        return ready
    }
}
