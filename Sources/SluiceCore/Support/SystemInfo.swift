import Foundation

/// Facts about the machine.
public enum SystemInfo {
    /// The number of cores this process may use.
    public static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
