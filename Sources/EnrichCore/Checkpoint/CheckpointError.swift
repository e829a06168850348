public import SQLiteStore

/// Why the checkpoint cannot be used, with what to do about it.
public enum CheckpointError: Error, CustomStringConvertible {
    /// The input or the mapping is not what the checkpoint was written for.
    case changed(path: String, what: String)
    /// Standard input cannot be compared with what an earlier run read.
    case unverifiableInput(path: String)
    /// The checkpoint was written by a run that read standard input: no file can be matched with it.
    case writtenFromStandardInput(path: String)
    /// Written by a `--sandbox` run and resumed by a live one (`sandbox`), or the other way round.
    case otherMode(path: String, sandbox: Bool)
    case database(SQLiteError)
    case corrupt(path: String, detail: String)

    public var description: String {
        switch self {
        case .changed(let path, let what):
            return
                "\(path): the \(what) changed since this checkpoint was written, so its answers may not belong to these rows. Run again with --fresh to start over (answers already paid for are then asked again), or restore the \(what) the run started with."
        case .unverifiableInput(let path):
            return
                "\(path): a checkpoint exists, but the input is standard input, which cannot be compared with what the earlier run read, so the run cannot resume from it. Run with --fresh to start over, or give another --checkpoint."
        case .writtenFromStandardInput(let path):
            return
                "\(path): this checkpoint was written by a run that read standard input, which no input file can be matched with, so the run cannot resume from it. Run with --fresh to start over, or give another --checkpoint."
        case .otherMode(let path, sandbox: true):
            return
                "\(path): this checkpoint was written by a --sandbox run, so its answers are the simulator's, not the providers'. Run with --fresh to start over for real (the sandbox paid nothing), or give this run another --output."
        case .otherMode(let path, sandbox: false):
            return
                "\(path): this checkpoint was written by a live run; going on with --sandbox would add the simulator's made-up answers to real ones. Give the sandbox run another --output, or run without --sandbox to resume."
        // SQLITE_CORRUPT and SQLITE_NOTADB: no permission or free space will help.
        case .database(let error) where error.code == 11 || error.code == 26:
            return
                "\(error.path): the checkpoint is damaged (SQLite: \(error.message)), so what earlier runs found and paid for cannot be read. Restore it from a backup, or run with --fresh to start over (lookups already paid for are then asked again)."
        case .database(let error):
            return "checkpoint: \(error.description). Check the disk and the file's permissions; --fresh starts a new checkpoint."
        case .corrupt(let path, let detail):
            return "\(path): the checkpoint cannot be read (\(detail)). Run with --fresh to start over."
        }
    }
}
