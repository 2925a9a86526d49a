#if Postgres
import Foundation
import Logging
import PostgresNIO
import SluiceCore
@testable import SluicePostgresSink
import SluiceTesting
import SluiceTestSupport
import Testing

/// The session's guarantees, against the real server: a statement on a closed connection fails
/// at once (instead of waiting forever for an answer), and operations never overlap.
@Suite("PostgreSQL session")
struct PostgresSessionTests {
    let server = PostgresServer.shared

    func session(_ url: String, retries: Int = 0, timeout: Double = 10) throws -> PostgresSession {
        PostgresSession(
            endpoint: try PostgresEndpoint(url: url), logger: StoreFixtures.logger,
            retry: RetryPolicy(retries: retries, operationTimeout: timeout))
    }

    @Test func aStatementOnAClosedConnectionFailsAtOnce() async throws {
        let (_, url) = try server.createDatabase("closed")
        let session = try session(url, timeout: 10)
        do {
            try await session.run("a statement after close") { conn in
                // Once close() returns, the channel has removed its handlers: postgres-nio's own
                // async query would write into the void and never be answered.
                try await conn.close()
                try await conn.exec("SELECT 1", logger: StoreFixtures.logger)
            }
            Issue.record("a statement on a closed connection succeeded")
        } catch let error as PluginError {
            // Not "no answer within 10 s": the statement failed, it was not abandoned to the timeout.
            #expect(error.reason.contains("the connection is closed"), "\(error.reason)")
        }
        // The session reconnects for the next operation.
        let one = try await session.run("selecting one") { conn in
            try await conn.run("SELECT 1::int8", logger: StoreFixtures.logger).first?.decode(Int.self)
        }
        #expect(one == 1)
        await session.close()
    }

    @Test func operationsOnOneSessionNeverOverlap() async throws {
        let (_, url) = try server.createDatabase("serial")
        // Generous limits: the property is that operations never overlap, not how fast they are
        // on a machine busy with the rest of the suite.
        let session = try session(url, retries: 3, timeout: 120)
        let state = Locked((running: 0, most: 0, done: 0))
        do {
            try await overlapping(session, state)
        } catch {
            await session.close()
            throw error
        }
        let final = state.withLock { $0 }
        #expect(final.done == 12)
        #expect(final.most == 1, "operations overlapped on one session")
        await session.close()
        // A closed session refuses further work instead of opening a connection nobody closes.
        await #expect(throws: PluginError.self) {
            try await session.run("after close") { _ in 1 }
        }
    }

    /// Three tasks running four transactions each on one session.
    func overlapping(_ session: PostgresSession, _ state: Locked<(running: Int, most: Int, done: Int)>) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    for _ in 0..<4 {
                        try await session.transaction("sleeping") { conn in
                            state.withLock { s in
                                s.running += 1
                                s.most = max(s.most, s.running)
                            }
                            try await conn.exec("SELECT pg_sleep(0.02)", logger: StoreFixtures.logger)
                            state.withLock { s in
                                s.running -= 1
                                s.done += 1
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
#endif
