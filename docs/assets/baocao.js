/* Small screen helpers of the report's pages , loaded by overrides/main.html on every page.
 *
 * 1. A wide table scrolls inside its own box on a narrow screen (docs/assets/baocao.css): while it does, it takes
 *    the keyboard focus (tabindex=0), so it can be scrolled with the arrow keys too (WCAG 2.1.1); its caption
 *    names it. Checked again when the window changes size.
 * 2. Printing (Ctrl+P) from the dark scheme prints the light one: a Party document is black on white.
 * 3. A touch screen has no hover, so a figure's provenance (its title: label, key, data file) would stay hidden:
 *    a tap on a figure shows it in a note right after the figure; a second tap, or a tap elsewhere, closes it.
 *    The same for a draft's placeholder ("…" where the number goes): its title says what is missing and where.
 *    Nor has a keyboard: each figure of the text (not one inside a link, which is its own stop) takes the focus
 *    with Tab, and while it has it the same note shows; Escape closes it. Either way a screen reader hears the
 *    provenance (a polite live region, made once per page: a region added with its text is often not read).
 * 4. The search box's count of results ("3 tài liệu liên quan") is a polite live region: a screen reader user,
 *    whose focus stays in the box, hears what the typing found. The box (a dialog to the theme) is named.
 * 5. Tab in the search box went nowhere useful: the theme closes the search on Tab (its results, tabindex=-1, are
 *    reached with the arrow keys only, which nothing tells the reader), so a keyboard-only reader who typed a
 *    query and pressed Tab lost the results. While the search is open, Tab and Shift+Tab move through the box and
 *    its results (the theme does not see that key, nor Shift alone, on which it put the focus back in the box);
 *    Tab past the last result, Tab from a box without results, or Escape, closes it as before.
 * 6. A reader who asked the system for less motion (prefers-reduced-motion: vestibular disorders, migraine) sees
 *    no glide: the theme drops its transitions then, but its table of contents still glided after each scroll of
 *    the page, and its tabs slid (scrollTo with behavior "smooth"): such a scroll jumps instead.
 * 7. Opened from a disk (file://: a copy of the built folder, a double-click on index.html), a link to a folder
 *    ("../2023/") showed the browser's listing of it: each such link goes to the folder's index.html. The search,
 *    which a browser does not run from a disk, says so in its box instead of "Đang chuẩn bị tìm kiếm" for ever.
 *    The preview copy (python -m macros preview), made for a disk, links to pages and searches: left as it is.
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

  var FIG = ".md-typeset .fig[title], .md-typeset .placeholder[title]"   // a figure; what a draft still lacks
  var live = document.createElement("div")
  live.className = "fig-live"
  live.setAttribute("role", "status")
  document.body.appendChild(live)
  document.querySelectorAll(FIG).forEach(function (fig) {
    if (!fig.closest("a"))
      fig.tabIndex = 0
  })

  function figureOf(target) {
    return target && target.closest ? target.closest(FIG) : null
  }
  function closeNote() {                   // the figure whose note was open, or null
    var open = document.querySelector(".md-typeset .fig-note"), fig = open && open.previousElementSibling
    if (open)
      open.remove()
    return fig
  }
  function openNote(fig) {
    var note = document.createElement("span")
    note.className = "fig-note"
    note.textContent = live.textContent = fig.getAttribute("title")
    fig.after(note)
  }

  document.addEventListener("click", function (event) {
    var fig = figureOf(event.target), was = closeNote()
    if (fig && was !== fig && !fig.closest("a"))
      openNote(fig)
  })
  document.addEventListener("focusin", function (event) {
    var fig = figureOf(event.target)
    if (fig === event.target && fig.matches(":focus-visible")) {
      closeNote()
      openNote(fig)
    }
  })
  document.addEventListener("focusout", function (event) {
    var open = document.querySelector(".md-typeset .fig-note")
    if (open && open.previousElementSibling === event.target)
      open.remove()
  })
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape")
      closeNote()
  })

  var count = document.querySelector(".md-search-result__meta")
  if (count)
    count.setAttribute("role", "status")
  var dialog = document.querySelector(".md-search[role=dialog]")   // the theme's search box, a dialog without a name
  var query = document.querySelector(".md-search__input[aria-label]")   // named by the theme's words ("Tìm kiếm")
  if (dialog && query && !dialog.hasAttribute("aria-label"))
    dialog.setAttribute("aria-label", query.getAttribute("aria-label"))

  var search = document.querySelector(".md-search__inner"), open = document.getElementById("__search")
  if (search && open)
    search.addEventListener("keydown", function (event) {
      if (!open.checked)
        return
      if (event.key === "Shift" || event.key === "Alt") {     // not typing: the theme put the focus back in the box
        event.stopPropagation()
        return
      }
      if (event.key !== "Tab" || event.ctrlKey || event.metaKey || event.altKey
          || !search.querySelector(".md-search-result__item"))   // no results: Tab moves on past the box
        return
      var stops = [].filter.call(search.querySelectorAll("input, button, a[href], summary, [tabindex]"), function (el) {
        return (el.tabIndex >= 0 || el.closest(".md-search-result")) && !el.disabled   // the theme's results: -1
          && (el.checkVisibility ? el.checkVisibility({visibilityProperty: true})   // shown (not in a closed <details>)
            : el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      })
      var next = stops[stops.indexOf(document.activeElement) + (event.shiftKey ? -1 : 1)]
      if (!next || stops.indexOf(document.activeElement) < 0)
        return                                 // leaving the search: the theme closes it
      event.preventDefault()
      event.stopPropagation()                  // the theme listens on the window
      next.focus()
    })

  var FOLDER = /^(\.\.?|[^?#]*\/)([?#].*)?$/      // "..", "./", "tong-quan-chi-tieu/", "../2023/#so-lieu-chinh"
  var folders = [].filter.call(document.querySelectorAll("a[href]"), function (a) {
    var href = a.getAttribute("href")
    return !/^([a-z][a-z0-9+.-]*:|\/\/|\/|#)/i.test(href) && FOLDER.test(href)
  })
  if (location.protocol === "file:" && folders.length) {
    folders.forEach(function (a) {
      var parts = a.getAttribute("href").match(FOLDER)
      a.setAttribute("href", parts[1].replace(/\/?$/, "/") + "index.html" + (parts[2] || ""))
    })
    var starting = count && count.textContent.trim()   // the theme's "starting" words, until its search runs
    var away = function () {
      if (count && count.textContent.trim() === starting)
        count.textContent = starting = "Tìm kiếm không chạy khi trang được mở từ ổ đĩa: hãy mở trang qua địa chỉ " +
          "của máy chủ nội bộ (hoặc dùng bản trang-web.zip của lệnh preview)."
    }
    away()
    var box = document.querySelector(".md-search__input")
    if (box)
      box.addEventListener("input", function () { setTimeout(away, 0) })
  }

  var still = window.matchMedia("(prefers-reduced-motion: reduce)")
  ;[Element.prototype, window].forEach(function (owner) {
    ["scrollTo", "scrollBy", "scrollIntoView"].forEach(function (name) {
      var own = owner[name]
      if (typeof own !== "function")
        return
      owner[name] = function (options) {
        if (still.matches && options && typeof options === "object" && options.behavior === "smooth")
          arguments[0] = Object.assign({}, options, {behavior: "instant"})
        return own.apply(this, arguments)
      }
    })
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
