#if Postgres
import Logging
import PostgresNIO
import SluiceCore

/// Multi-worker input claims in PostgreSQL: the table `sluice_claims` (one row per run and
/// input), claimed with `FOR UPDATE SKIP LOCKED` so that concurrent workers never take the same
/// input, under leases that expire so that a dead worker's inputs go to the others.
public final class PostgresInputClaimer: InputClaimer {
    let session: PostgresSession
    let settings: ClaimSettings
    let logger: Logger
    /// The inputs this worker holds: only their leases are renewed, so that a claim whose answer
    /// was lost (the connection broke after the server committed it) expires and goes to another
    /// worker instead of being renewed forever.
    private let held = Locked<Set<PathKey>>([])

    init(endpoint: PostgresEndpoint, settings: ClaimSettings, logger: Logger) {
        self.session = PostgresSession(endpoint: endpoint, logger: logger, retry: RetryPolicy(retries: 10))
        self.settings = settings
        self.logger = logger
    }

    public func register(_ paths: [String]) async throws {
        let logger = self.logger
        let run = settings.run
        var start = 0
        repeat {
            let part = Array(paths[start..<min(paths.count, start + 5000)])
            var binds = PostgresBindings()
            binds.append(run)
            binds.append(part)
            let bound = binds
            try await session.run("registering inputs") { conn in
                try await conn.exec("""
                    INSERT INTO sluice_claims (run, path) SELECT $1, p FROM unnest($2::text[]) AS p
                    ON CONFLICT (run, path) DO NOTHING
                    """, bound, logger: logger)
            }
            start += 5000
        } while start < paths.count
    }

    public func claimNext(limit: Int) async throws -> [String] {
        var binds = PostgresBindings()
        binds.append(settings.run)
        binds.append(limit)
        binds.append(settings.worker)
        binds.append(settings.leaseSeconds)
        binds.append(settings.maxAttempts)
        let logger = self.logger
        let bound = binds
        let claimed = try await session.transaction("claiming inputs") { conn in
            let rows = try await conn.run("""
                WITH picked AS (
                    SELECT run, path FROM sluice_claims
                    WHERE run = $1 AND (state = 'pending' OR (state = 'claimed' AND lease_until < now()))
                    ORDER BY path
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                UPDATE sluice_claims c
                SET state = CASE WHEN c.attempts >= $5 THEN 'given_up' ELSE 'claimed' END,
                    owner = $3, lease_until = now() + make_interval(secs => $4::float8),
                    attempts = c.attempts + 1, claimed_at = now()
                FROM picked
                WHERE c.run = picked.run AND c.path = picked.path
                RETURNING c.path, c.state
                """, bound, logger: logger)
            var claimed: [String] = []
            for row in rows {
                let (path, state) = try row.decode((String, String).self)
                if state == "claimed" { claimed.append(path) }
            }
            return claimed.sorted()
        }
        held.withLock { $0.formUnion(claimed.map(PathKey.init)) }
        return claimed
    }

    public func renew() async throws {
        let paths = held.withLock { $0.map(\.path) }
        guard !paths.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(settings.run)
        binds.append(settings.worker)
        binds.append(settings.leaseSeconds)
        binds.append(paths)
        let logger = self.logger
        let bound = binds
        try await session.run("renewing leases") { conn in
            try await conn.exec("""
                UPDATE sluice_claims SET lease_until = now() + make_interval(secs => $3::float8)
                WHERE run = $1 AND owner = $2 AND state = 'claimed' AND path = ANY($4::text[])
                """, bound, logger: logger)
        }
    }

    public func complete(_ paths: [String]) async throws {
        try await updateHeld(paths, set: "state = 'done', finished_at = now(), lease_until = NULL", what: "completing inputs")
    }

    public func release(_ paths: [String]) async {
        do {
            try await updateHeld(paths, set: "state = 'pending', owner = NULL, lease_until = NULL", what: "releasing inputs")
        } catch {
            // The leases expire on their own.
            logger.warning("could not release \(paths.count) claims: \(error)")
        }
    }

    /// Applies `set` to the claims this worker holds on `paths`, which it no longer holds after.
    private func updateHeld(_ paths: [String], set: String, what: String) async throws {
        guard !paths.isEmpty else { return }
        defer { held.withLock { $0.subtract(paths.map(PathKey.init)) } }
        var binds = PostgresBindings()
        binds.append(settings.run)
        binds.append(paths)
        binds.append(settings.worker)
        let logger = self.logger
        let bound = binds
        try await session.run(what) { conn in
            try await conn.exec("""
                UPDATE sluice_claims SET \(set)
                WHERE run = $1 AND path = ANY($2::text[]) AND owner = $3 AND state = 'claimed'
                """, bound, logger: logger)
        }
    }

    public func status() async throws -> ClaimStatus {
        var binds = PostgresBindings()
        binds.append(settings.run)
        let logger = self.logger
        let bound = binds
        return try await session.run("reading claim status") { conn in
            let rows = try await conn.run("""
                SELECT count(*) FILTER (WHERE state = 'pending' OR (state = 'claimed' AND lease_until < now())),
                       count(*) FILTER (WHERE state = 'claimed' AND lease_until >= now()),
                       count(*) FILTER (WHERE state = 'done'),
                       count(*) FILTER (WHERE state = 'given_up')
                FROM sluice_claims WHERE run = $1
                """, bound, logger: logger)
            for row in rows {
                let (p, l, d, g) = try row.decode((Int, Int, Int, Int).self)
                return ClaimStatus(pending: p, leased: l, done: d, givenUp: g)
            }
            return ClaimStatus(pending: 0, leased: 0, done: 0, givenUp: 0)
        }
    }

    public func close() async {
        await session.close()
    }
}

/// Creates ``PostgresInputClaimer``s for `postgres://` URLs (migrating the schema first).
public enum PostgresClaimerProvider: InputClaimerProvider {
    public static let name = "postgres"

    public static func accepts(location: String) -> Bool { PostgresEndpoint.accepts(location) }

    public static func makeClaimer(location: String, settings: ClaimSettings, logger: Logger) async throws -> any InputClaimer {
        let endpoint = try PostgresEndpoint(url: location)
        let claimer = PostgresInputClaimer(endpoint: endpoint, settings: settings, logger: logger)
        do {
            _ = try await PostgresSchema.migrate(claimer.session, logger: logger)
        } catch {
            await claimer.close()
            throw error
        }
        return claimer
    }
}
#endif
