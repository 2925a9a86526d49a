import Foundation

/// Facts about the machine.
package enum SystemInfo {
    /// The number of cores this process may use.
    package static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
