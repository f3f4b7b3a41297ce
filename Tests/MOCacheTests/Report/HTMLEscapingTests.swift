import Testing

@testable import MOCacheCLI

/// Store text is untrusted: every way it reaches the page goes through these.
@Suite("Report: HTML escaping")
struct HTMLEscapingTests {
    @Test("markup characters in text and in attribute values")
    func markup() {
        #expect(HTMLEscaping.text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLEscaping.text("a & b \"c\" 'd'") == "a &amp; b \"c\" 'd'")
        #expect(HTMLEscaping.attribute("x\" onload=\"alert(1)") == "x&quot; onload=&quot;alert(1)")
        #expect(HTMLEscaping.attribute("it's <b>&amp;</b>") == "it&#39;s &lt;b&gt;&amp;amp;&lt;/b&gt;")
        // An entity in store text stays text: it is not decoded by the browser.
        #expect(HTMLEscaping.text("&lt;") == "&amp;lt;")
        #expect(HTMLEscaping.text("plain model-id_1.0 ✓ 模型") == "plain model-id_1.0 ✓ 模型")
    }

    @Test("control characters become visible pictures; tab and line breaks stay")
    func controls() {
        #expect(HTMLEscaping.text("\u{1B}[31mred\u{1B}[0m") == "\u{241B}[31mred\u{241B}[0m")
        #expect(HTMLEscaping.text("a\u{0}b\u{7F}c") == "a\u{2400}b\u{2421}c")
        #expect(HTMLEscaping.text("line 1\nline 2\r\n\tend") == "line 1\nline 2\r\n\tend")
        #expect(HTMLEscaping.text("c1\u{85}x é") == "c1\u{FFFD}x é")
    }

    @Test("nodes: names from source, text and values escaped, void elements without end tags")
    func nodes() {
        let hostile = "<img src=x onerror=alert(1)>"
        let node = HTMLNode.element(
            "td", ["class": "model", "title": hostile],
            [.text(hostile), .element("br"), .element("span", text: "\"ok\"")])
        #expect(
            node.html
                == "<td class=\"model\" title=\"&lt;img src=x onerror=alert(1)&gt;\">&lt;img src=x onerror=alert(1)&gt;"
                + "<br><span>\"ok\"</span></td>")
        #expect(HTMLNode.group([.text("a"), .markup("<b>b</b>"), .empty]).html == "a<b>b</b>")
        #expect(
            HTMLNode.element("details", HTMLAttributes.none.adding(flag: "open")).html == "<details open></details>")
    }
}
