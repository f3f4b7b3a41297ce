import Foundation

/// A `multipart/form-data` body (RFC 7578), for the file upload: a pure value.
struct MultipartForm: Sendable {
    /// The boundary between parts; random, so it does not occur in the data.
    let boundary: String
    private var body = Data()

    /// Starts an empty form.
    init(boundary: String = "mocache-" + UUID().uuidString) {
        self.boundary = boundary
    }

    /// The `Content-Type` header's value.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    mutating func add(name: String, value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(name))\"\r\n\r\n".utf8))
        body.append(Data(value.utf8))
        body.append(Data("\r\n".utf8))
    }

    /// Adds a file.
    mutating func add(name: String, filename: String, contentType: String, data: Data) {
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(name))\"; "
                    + "filename=\"\(Self.escape(filename))\"\r\nContent-Type: \(contentType)\r\n\r\n").utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }

    /// The whole body, closed.
    var data: Data {
        body + Data("--\(boundary)--\r\n".utf8)
    }

    /// A name or file name made safe inside a quoted header parameter.
    static func escape(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "\"", "\\", "\r", "\n": "_"
                default: Character(scalar)
                }
            })
    }
}
