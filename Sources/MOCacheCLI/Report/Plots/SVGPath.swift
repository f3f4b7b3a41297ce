/// The `d` attribute of an SVG path, built point by point.
///
/// ```swift
/// var path = SVGPath()
/// path.move(to: (0, 10)); path.line(to: (5, 0))
/// path.d   // "M0 10L5 0"
/// ```
package struct SVGPath: Sendable, Hashable {
    /// The path data.
    package private(set) var d = ""

    /// An empty path.
    package init() {}

    /// Starts a new sub-path at `point`.
    package mutating func move(to point: (x: Double, y: Double)) {
        d += "M" + SVGNumber.format(point.x) + " " + SVGNumber.format(point.y)
    }

    /// A straight line to `point`.
    package mutating func line(to point: (x: Double, y: Double)) {
        d += "L" + SVGNumber.format(point.x) + " " + SVGNumber.format(point.y)
    }

    /// A step to `point`: across at the current height, then up or down (a running total that holds
    /// its value until the next change).
    package mutating func step(to point: (x: Double, y: Double)) {
        d += "H" + SVGNumber.format(point.x) + "V" + SVGNumber.format(point.y)
    }

    /// Closes the current sub-path.
    package mutating func close() {
        d += "Z"
    }

    /// A line through `points` in order, stepped or straight; empty for no points.
    package static func through(_ points: [(x: Double, y: Double)], stepped: Bool = false) -> SVGPath {
        var path = SVGPath()
        guard let first = points.first else { return path }
        path.move(to: first)
        for point in points.dropFirst() {
            if stepped { path.step(to: point) } else { path.line(to: point) }
        }
        return path
    }
}
