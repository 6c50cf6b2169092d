/* Small screen helpers of the report's pages , loaded by overrides/main.html on every page.
 *
 * 1. A wide table scrolls inside its own box on a narrow screen (docs/assets/baocao.css): while it does, it takes
 *    the keyboard focus (tabindex=0), so it can be scrolled with the arrow keys too (WCAG 2.1.1); its caption
 *    names it. Checked again when the window changes size.
 * 2. Printing (Ctrl+P) from the dark scheme prints the light one: a Party document is black on white.
 * 3. A touch screen has no hover, so a figure's provenance (its title: label, key, data file) would stay hidden:
 *    a tap on a figure shows it in a note right after the figure; a second tap, or a tap elsewhere, closes it.
 */
(function () {
  "use strict"

  var WIDE = ["indicators", "indicators-summary", "figures-table", "documents-table", "chart-data"]
    .map(function (name) { return ".md-typeset table." + name }).join(", ")

  function markScrolling() {
    document.querySelectorAll(WIDE).forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1)
        table.tabIndex = 0
      else
        table.removeAttribute("tabindex")
    })
  }
  markScrolling()
  var pending = null
  window.addEventListener("resize", function () {
    clearTimeout(pending)
    pending = setTimeout(markScrolling, 150)
  })

  document.addEventListener("click", function (event) {
    var fig = event.target.closest ? event.target.closest(".md-typeset .fig[title]") : null
    var open = document.querySelector(".md-typeset .fig-note")
    var same = open && fig && open.previousElementSibling === fig
    if (open)
      open.remove()
    if (!fig || same || fig.closest("a"))
      return
    var note = document.createElement("span")
    note.className = "fig-note"
    note.setAttribute("role", "status")
    note.textContent = fig.getAttribute("title")
    fig.after(note)
  })

  var scheme = null
  window.addEventListener("beforeprint", function () {
    scheme = document.body.getAttribute("data-md-color-scheme")
    document.body.setAttribute("data-md-color-scheme", "default")
  })
  window.addEventListener("afterprint", function () {
    if (scheme)
      document.body.setAttribute("data-md-color-scheme", scheme)
  })
})()
