#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One input found by ``InputDiscovery``, with what is already known about it.
public struct DiscoveredInput: Sendable, Hashable {
    /// What discovery decided.
    public enum Disposition: Sendable, Hashable {
        /// A regular file to read.
        case read
        /// Not read, for a reason (not a regular file, excluded, symlink out of the root, ...).
        case skip(String)
        /// Cannot be read (missing, broken symlink, ...).
        case fail(String)
    }

    /// The path, as the report and the documents show it.
    public var path: String
    /// What to do with it.
    public var disposition: Disposition
}

/// Expands a pipeline's inputs (files, directories, glob patterns) into a deterministic list of
/// files: directories recursively, entries in byte order of their names, symlinks followed only
/// to files inside the input root. Hidden entries (names starting with a dot) are not read: they
/// are reported as skipped, and a hidden directory is not walked. A path that exists is taken
/// literally even when it contains glob characters; a pattern that matches nothing is reported as
/// a failed input.
public enum InputDiscovery {
    /// The deepest directory nesting walked.
    public static let maxDepth = 128

    /// The inputs, and notes about inputs that gave no files (a directory with no files in it).
    /// `specs` are paths as a user writes them, or, with `storedPaths`, in the stored form that
    /// discovery reports (``PathEncoding``).
    public static func discover(
        _ specs: [String], exclude: [String] = [], baseDirectory: String = ".", storedPaths: Bool = false
    ) -> (inputs: [DiscoveredInput], notes: [String]) {
        var walker = Walker(excludes: exclude.map(Glob.init))
        var notes: [String] = []
        for spec in specs {
            let before = walker.found.count
            let full = spec.hasPrefix("/") ? spec : PathSupport.join(baseDirectory, spec)
            let path = storedPaths ? normalize(full) : PathEncoding.escape(normalize(full))
            if Glob.isPattern(spec), FileStatus.linkStatus(path) == nil {
                let (root, pattern) = splitPattern(path)
                if FileStatus.of(root)?.isDirectory == true {
                    walker.walk(root, relative: "", root: root, depth: 0, pattern: Glob(pattern))
                }
                if walker.found.count == before {
                    walker.add(DiscoveredInput(path: path, disposition: .fail("the pattern matched no files")))
                }
            } else {
                switch FileStatus.of(path) {
                case nil:
                    walker.add(DiscoveredInput(path: path, disposition: .fail(FileStatus.linkStatus(path) != nil
                        ? "broken symbolic link" : "no such file or directory")))
                case let status? where status.isDirectory:
                    walker.walk(path, relative: "", root: path, depth: 0, pattern: nil)
                case let status?:
                    walker.add(DiscoveredInput(path: path, disposition: status.isRegular ? .read : .skip(status.kindDescription)))
                }
            }
            if walker.found.count == before {
                notes.append("input '\(spec)' holds no files")
            }
        }
        return (walker.found, notes)
    }

    /// A path with `.` components and `dir/..` pairs removed, lexically.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            if part == "..", absolute { continue }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Splits `a/b/*.txt` into the folder to walk (`a/b`) and the pattern relative to it (`*.txt`).
    static func splitPattern(_ path: String) -> (String, String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let firstGlob = parts.firstIndex(where: Glob.isPattern) else { return (path, "") }
        var root = parts[..<firstGlob].joined(separator: "/")
        if root.isEmpty { root = path.hasPrefix("/") ? "/" : "." }
        return (root, parts[firstGlob...].joined(separator: "/"))
    }

    private struct Walker {
        let excludes: [Glob]
        var found: [DiscoveredInput] = []
        var seen = Set<PathKey>()

        init(excludes: [Glob]) { self.excludes = excludes }

        mutating func add(_ input: DiscoveredInput) {
            if seen.insert(PathKey(input.path)).inserted { found.append(input) }
        }

        func excluded(_ relative: String) -> String? {
            let name = PathSupport.lastComponent(relative)
            return excludes.first { $0.matches(relative) || (!$0.pattern.contains("/") && $0.matches(name)) }?.pattern
        }

        mutating func walk(_ directory: String, relative: String, root: String, depth: Int, pattern: Glob?) {
            guard depth <= InputDiscovery.maxDepth else {
                add(DiscoveredInput(path: directory, disposition: .skip("directory nesting deeper than \(InputDiscovery.maxDepth) levels")))
                return
            }
            guard let entries = FileStatus.list(directory) else {
                add(DiscoveredInput(path: directory, disposition: .fail("cannot list the directory: \(FileStatus.lastError())")))
                return
            }
            for entry in entries {
                let name = entry.name
                let path = PathSupport.join(directory, name)
                let rel = relative.isEmpty ? name : relative + "/" + name
                guard let link = FileStatus.linkStatus(path) else {
                    add(DiscoveredInput(path: path, disposition: .fail("cannot stat: \(FileStatus.lastError())")))
                    continue
                }
                let hidden = name.hasPrefix(".") && pattern?.matchesHiddenNames != true
                if link.isDirectory {
                    if let pattern, !pattern.couldMatch(below: rel) { continue }
                    if hidden {
                        add(DiscoveredInput(path: path, disposition: .skip("hidden directory (its name starts with a dot), not walked")))
                    } else {
                        walk(path, relative: rel, root: root, depth: depth + 1, pattern: pattern)
                    }
                    continue
                }
                if let pattern, !pattern.matches(rel) { continue }
                if hidden {
                    add(DiscoveredInput(path: path, disposition: .skip("hidden file (its name starts with a dot)")))
                    continue
                }
                if let rule = excluded(rel) {
                    add(DiscoveredInput(path: path, disposition: .skip("excluded by pattern '\(rule)'")))
                    continue
                }
                if link.isSymlink {
                    add(DiscoveredInput(path: path, disposition: symlinkDisposition(path, root: root)))
                } else {
                    add(DiscoveredInput(path: path, disposition: link.isRegular ? .read : .skip(link.kindDescription)))
                }
            }
        }

        func symlinkDisposition(_ path: String, root: String) -> DiscoveredInput.Disposition {
            guard let target = FileStatus.of(path), let real = FileStatus.realPath(path) else {
                return .fail("broken symbolic link")
            }
            let realRoot = FileStatus.realPath(root) ?? root
            guard real == realRoot || real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
                return .skip("symbolic link to a file outside the input root, not followed")
            }
            if target.isDirectory { return .skip("symbolic link to a directory, not followed") }
            return target.isRegular ? .read : .skip(target.kindDescription)
        }
    }
}

/// `stat` results in the few words discovery needs.
struct FileStatus {
    let mode: mode_t
    let size: Int

    var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
    var isRegular: Bool { mode & S_IFMT == S_IFREG }
    var isSymlink: Bool { mode & S_IFMT == S_IFLNK }

    var kindDescription: String {
        switch mode & S_IFMT {
        case S_IFIFO: "not a regular file (a named pipe)"
        case S_IFSOCK: "not a regular file (a socket)"
        case S_IFCHR, S_IFBLK: "not a regular file (a device)"
        case S_IFDIR: "a directory"
        default: "not a regular file"
        }
    }

    static func of(_ path: String) -> FileStatus? {
        var st = stat()
        guard stat(PathEncoding.fileSystemPath(path), &st) == 0 else { return nil }
        return FileStatus(mode: st.st_mode, size: Int(st.st_size))
    }

    static func linkStatus(_ path: String) -> FileStatus? {
        var st = stat()
        guard lstat(PathEncoding.fileSystemPath(path), &st) == 0 else { return nil }
        return FileStatus(mode: st.st_mode, size: Int(st.st_size))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(PathEncoding.fileSystemPath(path), nil) else { return nil }
        defer { free(resolved) }
        return PathEncoding.escape(bytes: UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) })
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    /// One directory entry: its name as stored (``PathEncoding``: bytes that are not UTF-8 are
    /// escaped) and its bytes.
    struct EntryName {
        var name: String
        var bytes: [UInt8]
    }

    /// The entry names of a directory, in byte order of their bytes, or nil when it cannot be listed.
    static func list(_ directory: String) -> [EntryName]? {
        guard let dir = opendir(PathEncoding.fileSystemPath(directory)) else { return nil }
        defer { closedir(dir) }
        var names: [EntryName] = []
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            // Read the name in place: an entry is only d_reclen bytes long, not sizeof(dirent).
            let pointer = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let bytes = UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
            if bytes != [0x2E] && bytes != [0x2E, 0x2E] { names.append(EntryName(name: PathEncoding.escape(bytes: bytes), bytes: bytes)) }
        }
        return names.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }
}
