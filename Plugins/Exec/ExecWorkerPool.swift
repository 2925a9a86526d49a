import Foundation
import SluiceCore

/// How to run an exec program and what to allow it.
struct ExecCommand: Sendable {
    var command: [String]
    var environment: [String: String] = [:]
    var directory: String = "."
    var timeout: Double = 30
    var memoryMiB: Int = 0
    var workers: Int = 1
    var maxOutputBytes: Int = 64 * 1024 * 1024

    /// The command for messages, shortened.
    var label: String {
        let text = command.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

/// A request that failed, and whether the program can go on serving others.
enum ExecCallError: Error {
    /// The transport failed: the program is killed and a fresh one serves the next request.
    case transport(ExecFailure)
    /// The program broke the protocol: it is killed too.
    case broken(String)
    /// The program refused the input or sent an invalid answer for it; it goes on serving.
    case rejected(PluginError)
}

/// One running program and the ids of its requests.
final class ExecWorker: @unchecked Sendable {
    let child: ExecChild
    private var lastID = 0

    init(_ child: ExecChild) { self.child = child }

    /// A fresh request id.
    func nextID() -> Int {
        lastID += 1
        return lastID
    }

    /// Sends one message and reads the answer to it.
    func exchange(_ message: [UInt8], id: Int?, deadline: ContinuousClock.Instant, maxBytes: Int) throws(ExecCallError) -> ExecProtocol.Response {
        let line: [UInt8]
        do {
            try child.send(message, deadline: deadline)
            line = try child.receiveLine(deadline: deadline, maxBytes: maxBytes)
        } catch {
            throw .transport(error)
        }
        let response: ExecProtocol.Response
        do {
            response = try JSONDecoder().decode(ExecProtocol.Response.self, from: Data(line))
        } catch {
            if case .dataCorrupted(let c) = error as? DecodingError, c.codingPath.isEmpty {
                throw .broken("wrote a line that is not JSON (\(line.count) bytes)")
            }
            let detail = ExecProtocol.describe(error)
            if detail.contains("documents") {
                throw .rejected(.invalidInput("the program sent a document that does not follow the schema: \(detail)"))
            }
            throw .broken("wrote an answer that is not a protocol message: \(detail)")
        }
        if let id, response.id != id {
            throw .broken("answered request \(response.id.map(String.init) ?? "(no id)") when request \(id) was asked")
        }
        return response
    }
}

/// Up to `workers` persistent processes of one program, each serving one request at a time.
/// A process that crashes, hangs or floods is killed and replaced; only its request fails.
final class ExecWorkerPool: @unchecked Sendable {
    let command: ExecCommand
    let kind: PluginKind
    private let options: @Sendable (ExecDescription) throws(PluginError) -> [String: JSONValue]
    private let condition = NSCondition()
    private var idle: [ExecWorker] = []
    private var alive = 0
    private var described: ExecDescription?

    /// A pool; `options` turns the program's description into the options sent in `configure`.
    init(command: ExecCommand, kind: PluginKind, options: @escaping @Sendable (ExecDescription) throws(PluginError) -> [String: JSONValue]) {
        self.command = command
        self.kind = kind
        self.options = options
    }

    deinit {
        for worker in idle { worker.child.terminate() }
    }

    /// Starts the first process and checks its handshake: a configuration error when it fails.
    func start() throws(PluginError) -> ExecDescription {
        let worker = try launch()
        condition.lock()
        alive += 1
        idle.append(worker)
        let d = described!
        condition.unlock()
        return d
    }

    /// Runs one request on an idle process (starting one when fewer than `workers` run).
    func call<T>(_ body: (ExecWorker, ContinuousClock.Instant) throws(ExecCallError) -> T) throws(PluginError) -> T {
        let worker = try checkOut()
        let deadline = ContinuousClock.now + .milliseconds(Int64(command.timeout * 1000))
        do {
            let result = try body(worker, deadline)
            checkIn(worker)
            return result
        } catch {
            if case .rejected(let e) = error {
                checkIn(worker)
                throw e
            }
            worker.child.terminate(grace: .zero)
            let tail = worker.child.stderrTail
            condition.lock()
            alive -= 1
            condition.signal()
            condition.unlock()
            throw failure(error, status: worker.child.exitStatus, stderr: tail)
        }
    }

    private func checkOut() throws(PluginError) -> ExecWorker {
        condition.lock()
        while idle.isEmpty, alive >= max(1, command.workers) { condition.wait() }
        while let worker = idle.popLast() {
            // A program that ended while idle (after its last answer) is replaced, not blamed.
            guard worker.child.hasEnded else {
                condition.unlock()
                return worker
            }
            worker.child.terminate(grace: .zero)
            alive -= 1
        }
        alive += 1
        condition.unlock()
        do {
            return try launch()
        } catch {
            condition.lock()
            alive -= 1
            condition.signal()
            condition.unlock()
            throw PluginError(.other, "the exec program (\(command.label)) could not be restarted: \(error.reason)")
        }
    }

    private func checkIn(_ worker: ExecWorker) {
        condition.lock()
        idle.append(worker)
        condition.signal()
        condition.unlock()
    }

    /// Starts a process and runs the handshake (`hello`, then `configure`).
    private func launch() throws(PluginError) -> ExecWorker {
        let child = try ExecChild(
            command: command.command, environment: command.environment, directory: command.directory,
            memoryKiB: command.memoryMiB * 1024)
        let worker = ExecWorker(child)
        let deadline = ContinuousClock.now + .milliseconds(Int64(command.timeout * 1000))
        let description: ExecDescription
        do {
            description = try Self.handshake(worker, deadline: deadline, maxBytes: command.maxOutputBytes)
        } catch {
            child.terminate(grace: .zero)
            throw handshakeFailure(error, child: child)
        }
        if let why = description.problem(expecting: kind) {
            child.terminate(grace: .zero)
            throw .configuration("the exec program (\(command.label)) is not usable: \(why)")
        }
        let configure = ExecProtocol.encode(ExecProtocol.Configure(options: try options(description)))
        do throws(ExecCallError) {
            let answer = try worker.exchange(configure, id: nil, deadline: deadline, maxBytes: command.maxOutputBytes)
            if let why = answer.error { throw .rejected(.configuration(why)) }
            guard answer.ok == true else { throw .broken("answered 'configure' without \"ok\": true") }
        } catch {
            child.terminate(grace: .zero)
            if case .rejected(let e) = error {
                throw .configuration("the exec program (\(command.label)) refuses its options: \(e.reason)")
            }
            throw handshakeFailure(error, child: child)
        }
        condition.lock()
        if described == nil { described = description }
        condition.unlock()
        return worker
    }

    /// Sends `hello` and reads the program's description.
    static func handshake(_ worker: ExecWorker, deadline: ContinuousClock.Instant, maxBytes: Int) throws(ExecCallError) -> ExecDescription {
        let line: [UInt8]
        do {
            try worker.child.send(ExecProtocol.encode(ExecProtocol.Hello()), deadline: deadline)
            line = try worker.child.receiveLine(deadline: deadline, maxBytes: min(maxBytes, 1 << 20))
        } catch {
            throw .transport(error)
        }
        do {
            return try JSONDecoder().decode(ExecDescription.self, from: Data(line))
        } catch {
            throw .broken("answered 'hello' with \(ExecProtocol.describe(error)) (\(line.count) bytes)")
        }
    }

    private func handshakeFailure(_ error: ExecCallError, child: ExecChild) -> PluginError {
        let reason = failure(error, status: child.exitStatus, stderr: child.stderrTail).reason
        return .configuration("the handshake failed: \(reason)")
    }

    /// The reason an input failed because its process failed.
    private func failure(_ error: ExecCallError, status: String?, stderr: String) -> PluginError {
        let who = "the exec program (\(command.label))"
        let tail = stderr.isEmpty ? "" : "; its stderr ends: \(stderr)"
        switch error {
        case .transport(.closed):
            return PluginError(.other, "\(who) \(status.map { "ended (\($0))" } ?? "closed its output") without answering\(tail)")
        case .transport(.timedOut):
            let seconds = command.timeout.formatted(.number.precision(.fractionLength(0...3)))
            return .limitExceeded("\(who) did not answer within \(seconds) s (its timeout) and was killed\(tail)")
        case .transport(.tooLong(let cap)):
            return .limitExceeded("\(who) wrote an answer over \(cap) bytes (its max_output_bytes) and was killed\(tail)")
        case .broken(let why):
            return .invalidInput("\(who) \(why); it was killed\(tail)")
        case .rejected(let e):
            return e
        }
    }
}
