/// Splits a file into lines at LF (a CR before the LF is dropped), in constant memory.
public final class LineReader {
    public struct Line {
        /// The line without its line ending.
        public var bytes: ArraySlice<UInt8>
        /// 1-based line number.
        public var number: Int
        /// Offset of the line's first byte in the file.
        public var offset: Int
    }

    private let input: InputFile
    private var buffer: [UInt8] = []
    private var position = 0
    private var bufferOffset = 0
    private var lineNumber = 0
    private var endOfFile = false
    private let blockSize: Int

    public init(input: InputFile, blockSize: Int = 1 << 20) {
        self.input = input
        self.blockSize = blockSize
    }

    public func next() throws(ByteStreamError) -> Line? {
        while true {
            let newline = buffer[position...].firstIndex(of: 0x0A)
            if newline == nil && !endOfFile {
                if position > 0 {
                    buffer.removeSubrange(0..<position)
                    bufferOffset += position
                    position = 0
                }
                if try input.read(appendingTo: &buffer, count: blockSize) == 0 { endOfFile = true }
                continue
            }
            let end = newline ?? buffer.count
            if newline == nil && position == end { return nil }
            var lineEnd = end
            if lineEnd > position && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lineNumber += 1
            let line = Line(bytes: buffer[position..<lineEnd], number: lineNumber, offset: bufferOffset + position)
            position = newline.map { $0 + 1 } ?? end
            return line
        }
    }
}
