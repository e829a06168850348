public import ByteStream
public import CSVStream

/// Writes rows as CSV: the header, then each row's cells and its enriched cells.
public final class CSVRecordSink: RecordSink {
    private let writer: CSVWriter
    /// A malformed CSV row is written back byte for byte unless the output changes the
    /// delimiter; otherwise its cells are written as parsed.
    private let rawIsCompatible: Bool

    public init(output: OutputFile, dialect: Dialect, header: [String], rawIsCompatible: Bool) throws(OutputError) {
        writer = CSVWriter(output: output, dialect: dialect)
        self.rawIsCompatible = rawIsCompatible
        do {
            try writer.write(Fields(header))
        } catch {
            throw OutputError.io(error.description)
        }
    }

    public func write(_ row: Row, extra: [String?]) throws(OutputError) {
        do {
            if let raw = row.raw, row.rawIsCSV, rawIsCompatible {
                try writer.writeRaw(raw)
                return
            }
            let extraCells = extra.map { Array(($0 ?? "").utf8) }
            if row.raw != nil && row.cells.count == 0 {
                // A bad JSONL line has no cells: keep it whole in the first column.
                try writer.write(Fields(), extra: [row.raw ?? []] + extraCells)
            } else if row.kinds == nil {
                try writer.write(row.cells, extra: extraCells)
            } else {
                try writer.write(plainCells(row), extra: extraCells)
            }
        } catch {
            throw OutputError.io(error.description)
        }
    }

    public func flush() throws(OutputError) {
        do { try writer.flush() } catch { throw OutputError.io(error.description) }
    }

    /// JSON values as CSV text: null and absent keys become empty cells, other values their JSON.
    private func plainCells(_ row: Row) -> Fields {
        var cells = Fields()
        for column in 0..<row.cells.count {
            switch row.kind(column) {
            case .absent: cells.append(EmptyCollection<UInt8>())
            case .json where row.cells[column].elementsEqual("null".utf8): cells.append(EmptyCollection<UInt8>())
            default: cells.append(row.cells[column])
            }
        }
        return cells
    }
}
