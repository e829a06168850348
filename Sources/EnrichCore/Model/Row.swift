public import CSVStream

/// One input record, on its way through the pipeline.
///
/// Cells stay bytes (`Fields`) aligned with the input's columns; only the cells the mapping
/// reads are ever decoded to `String`.
public struct Row: Sendable {
    /// 1-based position among the data rows (the header is not a row).
    public var number: Int
    /// The file line where the row starts (JSONL: its line; CSV: the first of its lines).
    public var line: Int
    public var byteOffset: Int
    public var cells: Fields
    /// How each cell is to be written; nil when every cell is plain text (all CSV rows).
    public var kinds: [CellKind]?
    /// Why the row cannot be used; nil for a good row.
    public var problem: RowProblem?
    /// The row's bytes as read, kept for a malformed row so it can be passed through.
    public var raw: [UInt8]?
    /// Whether `raw` is a CSV record (from a CSV input, or carried through JSONL by an earlier
    /// conversion), which a CSV output can write back byte for byte.
    public var rawIsCSV = false

    public init(
        number: Int, line: Int, byteOffset: Int, cells: Fields,
        kinds: [CellKind]? = nil, problem: RowProblem? = nil, raw: [UInt8]? = nil
    ) {
        self.number = number
        self.line = line
        self.byteOffset = byteOffset
        self.cells = cells
        self.kinds = kinds
        self.problem = problem
        self.raw = raw
    }

    /// The cell as text, or nil when the row has no such cell or it is JSON null / absent.
    public func text(_ column: Int) -> String? {
        guard column < cells.count else { return nil }
        if let kinds {
            switch kinds[column] {
            case .absent: return nil
            case .json where cells[column].elementsEqual("null".utf8): return nil
            default: break
            }
        }
        return cells.string(column)
    }

    public func kind(_ column: Int) -> CellKind {
        kinds?[column] ?? .text
    }
}

/// How a cell came in, so that it goes out the same way.
public enum CellKind: UInt8, Sendable {
    /// A string: CSV cells, and JSON strings (unescaped).
    case text
    /// A JSON number, boolean, null, array or object, kept as its JSON text.
    case json
    /// The key was not in this JSON object.
    case absent
}
