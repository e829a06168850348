import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Two of the files a run reads and writes that are one file, however their paths are written
/// (`./in.csv`, `../data/in.csv`, a symlink): the run would overwrite its input, or one of its
/// own files with another.
enum FileClash {
    /// Where a path leads.
    enum Place: Equatable {
        /// An existing regular file, by device and inode.
        case file(device: UInt64, inode: UInt64)
        /// A file not there yet: its absolute path, the folder's symlinks resolved.
        case planned(String)
        /// An existing file that is not a regular one (`/dev/null`, a pipe): never a clash.
        case special
    }

    static func place(of path: String) -> Place {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { return .special }
            return .file(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return .planned(url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path)
    }

    /// The first two of `files` (each named as the user knows it) that are one file.
    static func first(among files: [(name: String, path: String)]) -> (first: String, second: String, path: String)? {
        let places = files.map { place(of: $0.path) }
        for later in files.indices {
            for earlier in files.indices where earlier < later && places[earlier] != .special && places[earlier] == places[later] {
                return (files[earlier].name, files[later].name, files[later].path)
            }
        }
        return nil
    }
}
