/// An error that ends a command with a message and an exit code.
struct CommandFailure: Error {
    /// What to print (on standard error).
    var message: String
    /// The exit code.
    var code: Int32
}
