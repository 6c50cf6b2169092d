/* The search, in the page (overrides/main.html loads it after search-fold.js, whose self.searchFold and
 * self.searchWord it uses, and before Material's own script, whose search worker it must see made).
 *
 * 1. A word read as another says so. The worker reads a word no page holds as the word one letter away
 *    ("internett" -> "internet", search-query.js `correct`) and tells the page which (search-rank.js `tell`: a
 *    message of its own, before Material's answer; Material ignores messages of other types). Under the count of
 *    results the box then shows "Kết quả cho: internet (không trang nào có “internett”)", the word read in bold, in a
 *    polite live region made once with the box (a region added with its text is often not read), so a screen
 *    reader hears it too; emptied by the next answer that reads every word as typed. To hear the worker, the
 *    page's Worker is wrapped before Material makes its search worker (on a page opened from disk, the iframe
 *    standing in for a worker: extra.polyfills, loaded earlier still).
 * 2. Marks on the page a result opens the words a folded query found: the search.highlight feature's job for words
 *    with diacritics. Material's link to a result carries the query terms as ?h=, folded ("?h=chuyen+doi+so"), and
 *    Material's own page highlighter matches them literally, so it would mark nothing in "chuyển đổi số". This
 *    script marks the words with diacritics whose folded form is a term, or starts with the last term ("ho can
 *    ngheo" marks "hộ", not "hoạt"); plain ASCII words are left to Material's highlighter, so nothing is marked
 *    twice.
 */
(function (root) {
  "use strict"

  var fold = root.searchFold, word = root.searchWord
  if (typeof document === "undefined" || !fold)
    return

  var READ = "search-vi/read", RESULT = 3                     // search-rank.js; Material's answer to a query
  var count = document.querySelector(".md-search-result__meta"), notice = null, pending = null
  if (count && typeof root.Worker === "function") {
    notice = document.createElement("p")
    notice.className = "search-read"
    notice.setAttribute("role", "status")
    count.after(notice)                        // between the count and the list: Material finds both as before
    var Native = root.Worker
    root.Worker = function (url, options) {
      var worker = new Native(url, options)
      worker.addEventListener("message", heard)
      return worker
    }
    root.Worker.prototype = Native.prototype
  }

  function heard(event) {
    var message = event.data || {}
    if (message.type === READ)
      pending = message.data
    else if (message.type === RESULT) {
      say(pending || [])
      pending = null
    }
  }

  // "Kết quả cho: ho can <strong>nghèo</strong> (không trang nào có “nghieo”)": the query as typed in the box, each
  // word read as another replaced by it.
  function say(read) {
    notice.textContent = ""
    if (!read.length)
      return
    var box = document.querySelector(".md-search__input"), typed = [], shown = []
    var parts = (box ? box.value.trim() : "").split(/([\p{L}\p{M}\p{N}]+)/u)
    parts.forEach(function (part, i) {
      var hit = i % 2 ? read.filter(function (r) { return fold(word(part)) === r[0] })[0] : null
      if (!hit)
        return shown.push(document.createTextNode(part))
      typed.push(part)
      var strong = document.createElement("strong")
      strong.textContent = hit[1]
      shown.push(strong)
    })
    if (!typed.length) {                       // the box changed since: the words read alone
      shown = read.map(function (r, i) {
        var strong = document.createElement("strong")
        strong.textContent = (i ? " " : "") + r[1]
        return strong
      })
      typed = read.map(function (r) { return r[0] })
    }
    notice.append.apply(notice, ["Kết quả cho: "].concat(shown, [
      " (không trang nào có " + typed.map(function (t) { return "“" + t + "”" }).join(", ") + ")"]))
  }

  highlightPage(new URLSearchParams(location.search).get("h"))

  function highlightPage(query) {
    var article = document.querySelector("article.md-content__inner")
    var terms = fold(query || "").split(/[\s*+\-:~^]+/).filter(Boolean)
    if (!article || !terms.length)
      return
    var nodes = [], walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    while (walker.nextNode())
      nodes.push(walker.currentNode)
    nodes.forEach(function (node) {
      var parts = node.data.split(/([^\s.,;:!?()\[\]"\/\-]+)/)
      var marked = false, spans = parts.map(function (part, i) {
        var word = fold(part)
        if (i % 2 && word !== part.toLowerCase() && terms.some(function (t, k) {
          return k === terms.length - 1 ? word.startsWith(t) : word === t   // only the last may be a beginning
        })) {
          marked = true
          var mark = document.createElement("mark")
          mark.setAttribute("data-md-highlight", "")
          mark.textContent = part
          return mark
        }
        return document.createTextNode(part)
      })
      if (marked)
        node.replaceWith.apply(node, spans)
    })
  }
})(self)
