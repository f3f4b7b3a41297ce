import Foundation

/// The password file libpq reads (`PGPASSFILE`, else `~/.pgpass`): lines of
/// `hostname:port:database:username:password`, where `*` matches anything and `\:` and `\\` stand
/// for `:` and `\`.
///
/// As libpq does, a file that its group or others can read is ignored: it would leak the passwords.
struct PostgresPasswordFile: Sendable {
    /// The file's lines, split into their five fields.
    let entries: [[String]]

    /// Reads the password file, or `nil` when there is none, it cannot be read, or it is not private.
    init?(environment: [String: String], homeDirectory: String) {
        let path =
            environment["PGPASSFILE"] ?? URL(fileURLWithPath: homeDirectory).appendingPathComponent(".pgpass").path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = Self.fields(of: line)
            return fields.count == 5 ? fields : nil
        }
    }

    /// The password of the first line that matches, or `nil`.
    func password(host: String, port: String, database: String, user: String) -> String? {
        let wanted = [host, port, database, user]
        return entries.first { entry in
            zip(entry.prefix(4), wanted).allSatisfy { $0 == "*" || $0 == $1 }
        }?[4]
    }

    /// A line split at the `:` that are not escaped, with the escapes removed.
    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
