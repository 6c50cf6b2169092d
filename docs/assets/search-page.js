/* The search, in the page (overrides/main.html loads it after search-fold.js, whose self.searchFold it uses).
 *
 * Marks on the page a result opens the words a folded query found: the search.highlight feature's job for words
 * with diacritics. Material's link to a result carries the query terms as ?h=, folded ("?h=chuyen+doi+so"), and
 * Material's own page highlighter matches them literally, so it would mark nothing in "chuyển đổi số". This script
 * marks the words with diacritics whose folded form is a term, or starts with the last term ("ho can ngheo" marks
 * "hộ", not "hoạt"); plain ASCII words are left to Material's highlighter, so nothing is marked twice.
 */
(function (root) {
  "use strict"

  var fold = root.searchFold
  if (typeof document === "undefined" || !fold)
    return

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
