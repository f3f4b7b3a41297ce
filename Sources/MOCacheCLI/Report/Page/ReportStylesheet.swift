/// The report's style sheet: system fonts, a light and a dark scheme (`prefers-color-scheme`), and a
/// print layout in the light colours. No fonts, images or anything else to fetch.
enum ReportStylesheet {
    static let css: StaticString = """
        :root {
          color-scheme: light dark;
          --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --faint: #818b98; --border: #d1d9e0; --grid: #eef1f4;
          --card: #f6f8fa; --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --missing: #eef1f4;
          --c0: #0b6bcb; --c1: #e08a00; --c2: #11875d; --c3: #c0569a; --c4: #4aa6d9; --c5: #d4531a; --c6: #7a5fc7;
          --c7: #7d8590;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif;
          --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0f1318; --fg: #e6edf3; --muted: #9ba5b0; --faint: #7d8590; --border: #30363d; --grid: #1f252c;
            --card: #161b22; --accent: #4c9bf5; --ok: #3fb950; --bad: #f85149; --warn: #d29922; --missing: #1f252c;
            --c0: #58a6ff; --c1: #f2b440; --c2: #3fc28a; --c3: #e58ac4; --c4: #7cc8f5; --c5: #ff8652; --c6: #a58cf0;
            --c7: #a3acb6;
          }
        }
        * { box-sizing: border-box; }
        html { background: var(--bg); color: var(--fg); }
        body {
          margin: 0 auto; max-width: 1180px; padding: 40px 28px 56px; font: 15px/1.5 var(--sans);
          -webkit-font-smoothing: antialiased;
        }
        h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
        h2 { font-size: 21px; margin: 0 0 4px; letter-spacing: -0.005em; }
        h3 { font-size: 13px; margin: 28px 0 10px; color: var(--muted); text-transform: uppercase;
             letter-spacing: 0.06em; font-weight: 600; }
        code, .mono { font-family: var(--mono); font-size: 0.92em; }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        header { margin-bottom: 28px; }
        .meta { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
        .meta span + span::before { content: "·"; margin: 0 8px; color: var(--faint); }
        section { margin: 0 0 44px; }
        section + section { border-top: 1px solid var(--border); padding-top: 32px; }
        .kind { font-size: 13px; font-weight: 500; color: var(--muted); margin-left: 8px; letter-spacing: 0; }
        .subtitle { color: var(--muted); margin: 0 0 8px; }
        .note { color: var(--muted); font-size: 13.5px; margin: 6px 0; max-width: 820px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px; margin: 16px 0 20px; }
        .card { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; }
        .card .value { font-size: 28px; font-weight: 650; line-height: 1.15; font-variant-numeric: tabular-nums; }
        .card .label { font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em;
                       font-weight: 600; margin-bottom: 4px; }
        .card .detail { font-size: 13px; color: var(--muted); margin-top: 2px; }
        .card.bad .value { color: var(--bad); }
        .card.good .value { color: var(--ok); }
        nav.toc { margin: -12px 0 36px; font-size: 14px; }
        nav.toc a { margin-right: 14px; white-space: nowrap; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(470px, 1fr)); gap: 18px; }
        figure { margin: 0; border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px 12px;
                 background: var(--bg); min-width: 0; }
        figure.wide { overflow-x: auto; }
        figcaption { font-weight: 600; font-size: 14px; margin-bottom: 8px; overflow-wrap: anywhere; }
        svg.plot { display: block; max-width: 100%; height: auto; font-family: var(--sans); }
        svg.plot text { font-size: 11px; fill: var(--muted); }
        svg.plot .axis-label { font-size: 12px; fill: var(--fg); }
        svg.plot .axis line { stroke: var(--faint); stroke-width: 1; }
        svg.plot .grid line { stroke: var(--grid); stroke-width: 1; }
        svg.plot .line { fill: none; stroke: currentColor; stroke-width: 2; stroke-linejoin: round; }
        svg.plot .band { fill: currentColor; opacity: 0.16; }
        svg.plot .whisker { stroke: currentColor; stroke-width: 1.5; }
        svg.plot .mark { fill: currentColor; stroke: var(--bg); stroke-width: 1.5; }
        svg.plot .mark:hover { stroke: var(--fg); }
        svg.plot .row-label { font-family: var(--mono); font-size: 12px; fill: var(--fg); }
        svg.plot .row-detail { fill: var(--muted); }
        svg.plot .col-label { font-size: 12px; font-weight: 600; fill: var(--fg); }
        svg.plot .cell text { font-size: 12px; font-variant-numeric: tabular-nums; }
        svg.plot .cell text.on-dark { fill: #ffffff; }
        svg.plot .cell text.on-light { fill: #1f2328; }
        svg.plot .cell:hover rect { stroke: var(--fg); stroke-width: 1.5; }
        svg.plot .missing rect { fill: var(--missing); }
        svg.plot .missing text { fill: var(--faint); }
        .s0 { color: var(--c0); } .s1 { color: var(--c1); } .s2 { color: var(--c2); } .s3 { color: var(--c3); }
        .s4 { color: var(--c4); } .s5 { color: var(--c5); } .s6 { color: var(--c6); } .s7 { color: var(--c7); }
        ul.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
                    font-size: 12.5px; }
        ul.legend li { display: flex; align-items: center; gap: 6px; }
        ul.legend li span { color: var(--fg); }
        ul.legend li::before { content: ""; width: 14px; height: 3px; border-radius: 2px; background: currentColor; }
        details { margin-top: 8px; }
        details > summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        details.numbers table { margin-top: 8px; }
        .table-wrap { overflow: auto; max-height: 70vh; border: 1px solid var(--border); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--grid); }
        th { position: sticky; top: 0; background: var(--card); font-weight: 600; white-space: nowrap;
             border-bottom: 1px solid var(--border); z-index: 1; }
        th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer;
                    text-align: inherit; }
        th .sub { display: block; font-weight: 400; color: var(--muted); font-size: 12px; }
        th { vertical-align: bottom; }
        th button .t::after { content: "↕"; color: var(--faint); margin-left: 4px; font-size: 11px; }
        th[aria-sort="ascending"] button .t::after { content: "↑"; color: var(--accent); }
        th[aria-sort="descending"] button .t::after { content: "↓"; color: var(--accent); }
        td.num, th.num { text-align: right; }
        td.num { white-space: nowrap; }
        td.code { font-family: var(--mono); font-size: 12px; white-space: nowrap; }
        tbody tr:hover { background: var(--card); }
        tbody tr:last-child td { border-bottom: 0; }
        .status { font-size: 12px; font-weight: 600; }
        .status.succeeded { color: var(--ok); }
        .status.failed { color: var(--bad); }
        .status.cancelled, .status.pending, .status.running { color: var(--warn); }
        td.error { max-width: 460px; color: var(--bad); }
        td.error pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.45 var(--mono); margin: 6px 0 0;
                       color: var(--fg); }
        td.error summary { color: var(--bad); overflow-wrap: anywhere; }
        .empty { color: var(--muted); font-style: italic; }
        footer { color: var(--faint); font-size: 12.5px; border-top: 1px solid var(--border); padding-top: 16px; }
        @media print {
          :root {
            --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --faint: #818b98; --border: #d1d9e0; --grid: #eef1f4;
            --card: #f6f8fa; --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --missing: #eef1f4;
            --c0: #0b6bcb; --c1: #e08a00; --c2: #11875d; --c3: #c0569a; --c4: #4aa6d9; --c5: #d4531a; --c6: #7a5fc7;
            --c7: #7d8590;
            color-scheme: light;
          }
          body { max-width: none; padding: 0; font-size: 12px; }
          .charts { grid-template-columns: 1fr 1fr; }
          figure, .card, tr { break-inside: avoid; }
          section + section { break-before: page; border-top: 0; }
          .table-wrap { max-height: none; overflow: visible; border: 0; }
          th { position: static; }
          th button .t::after { content: none; }
          nav.toc { display: none; }
        }
        """
}
