import Foundation

/// One schema migration as built into the library: a file of `migrations/postgres/` and its SQL text.
struct PostgresMigration: Sendable, Hashable {
    /// The file name without `.sql`, such as `0001_initial`; recorded in `schema_migrations.name`.
    let id: String
    /// The file's exact text.
    let sql: String

    /// The number the file name starts with: the schema version once the migration ran.
    var version: Int {
        Int(id.prefix { $0.isASCII && $0.isNumber }) ?? 0
    }

    /// The file's statements, one by one: the connection sends one statement at a time.
    ///
    /// Splits at the semicolons that end statements: not those in comments (`--`, `/* */`), in
    /// quoted text (`'...'`, `"..."`) or in dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`).
    var statements: [String] {
        var statements: [String] = []
        var current: [Character] = []
        let characters = Array(sql)
        var index = 0
        func flush() {
            let statement = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !Self.isOnlyComments(statement) { statements.append(statement) }
            current = []
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "-" && next == "-" {
                while index < characters.count && characters[index] != "\n" {
                    current.append(characters[index])
                    index += 1
                }
                continue
            }
            if character == "/" && next == "*" {
                while index < characters.count
                    && !(characters[index] == "*" && index + 1 < characters.count
                        && characters[index + 1] == "/")
                {
                    current.append(characters[index])
                    index += 1
                }
                current.append(contentsOf: "*/")
                index += 2
                continue
            }
            if character == "'" || character == "\"" {
                current.append(character)
                index += 1
                while index < characters.count && characters[index] != character {
                    current.append(characters[index])
                    index += 1
                }
                if index < characters.count { current.append(characters[index]) }
                index += 1
                continue
            }
            if character == "$",
                let tagEnd = characters[(index + 1)...].firstIndex(where: { !($0.isLetter || $0 == "_") }),
                characters[tagEnd] == "$"
            {
                let tag = Array(characters[index...tagEnd])
                current.append(contentsOf: tag)
                index = tagEnd + 1
                while index < characters.count && !characters[index...].starts(with: tag) {
                    current.append(characters[index])
                    index += 1
                }
                current.append(contentsOf: tag)
                index += tag.count
                continue
            }
            if character == ";" {
                flush()
            } else {
                current.append(character)
            }
            index += 1
        }
        flush()
        return statements
    }

    /// Whether `statement` holds nothing but comments and blanks.
    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.isEmpty || line.hasPrefix("--")
        }
    }
}
