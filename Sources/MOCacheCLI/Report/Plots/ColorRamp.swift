import Foundation

/// The colours of heatmap cells: a sequential blue ramp from pale (low) to deep (high), and the text
/// colour that stays readable on each.
///
/// The cells' colours are data, the same in light and dark schemes; everything else on the page takes
/// its colours from the style sheet.
package enum ColorRamp {
    /// The ramp's stops, from low to high, as RGB in 0...255.
    private static let stops: [(Double, Double, Double)] = [
        (239, 246, 252), (198, 219, 239), (107, 174, 214), (44, 127, 184), (8, 48, 107),
    ]

    /// The colour of `fraction` (0 is the lowest value, 1 the highest) as `#rrggbb`.
    package static func color(_ fraction: Double) -> String {
        let (red, green, blue) = rgb(fraction)
        return String(format: "#%02x%02x%02x", Int(red.rounded()), Int(green.rounded()), Int(blue.rounded()))
    }

    /// Whether text on the colour of `fraction` should be light: the colour is dark.
    package static func needsLightText(_ fraction: Double) -> Bool {
        let (red, green, blue) = rgb(fraction)
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255 < 0.55
    }

    private static func rgb(_ fraction: Double) -> (Double, Double, Double) {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let position = clamped * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position))
        let t = position - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
    }
}
