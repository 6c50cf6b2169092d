/* Vietnamese accent folding for Material's search: "chuyen doi so" finds "chuyển đổi số".
 *
 * Fold rule (the same as macros/site/search.py, checked against it by tests/test_search.py):
 * NFD, drop combining marks (\p{Mn}), đ -> d, Đ -> D, lowercase.
 *
 * How it reaches the search. Material runs lunr in a web worker (assets/javascripts/workers/search.*.min.js).
 * Because the search plugin has `lang: vi`, that worker always importScripts()
 * assets/javascripts/lunr/min/lunr.vi.min.js before it builds the index. macros/site/mkdocs_hooks.py (on_post_build)
 * appends this file to that lunr.vi.min.js in the built site, so it runs inside the worker with `lunr` loaded
 * and changes two things:
 *   1. index side: lunr.vi (the language plugin Material calls with `this.use(lunr.vi)`) also adds the
 *      pipeline function "fold-vi", so every indexed token is stored folded. Tokens keep their positions in
 *      the original text, so Material still shows and <mark>s the text WITH its diacritics; search_index.json
 *      is untouched.
 *   2. query side: Material appends "*" to every query term, and lunr skips the search pipeline for wildcard
 *      terms, so the query cannot be folded by a pipeline function. Every query clause passes through
 *      lunr.Query.prototype.clause (the query parser and Material's own clause analysis both use it), so that
 *      method folds clause.term first. Queries with and without diacritics thus become the same lunr query.
 *   3. a lunr 2.3.9 bug fix, needed by the same worker: lunr.TokenSet#toString (the key lunr uses to merge equal
 *      nodes when it minimises the index's word graph) writes edge label + node id with no separator, so digit
 *      labels collide ("3"+"12" = "31"+"2"). Tables full of numbers then make lunr invent words that are not in
 *      the index, and any prefix query reaching one throws "Cannot read properties of undefined (reading
 *      '_index')": Material shows no results at all (lunr.js issues #279, #314). The label is quoted here.
 * In the page (overrides/main.html loads this file there too) it defines self.searchFold and does the
 * search.highlight feature's job for folded words: Material's link to a result carries the query terms as ?h=,
 * now folded ("?h=chuyen+doi+so"), and Material's own page highlighter matches them literally, so it would mark
 * nothing in "chuyển đổi số". This script marks the words with diacritics whose folded form starts with a term;
 * plain ASCII words are left to Material's highlighter, so nothing is marked twice.
 */
(function (root) {
  "use strict"

  function fold(text) {
    return text.normalize("NFD").replace(/\p{Mn}/gu, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase()
  }
  root.searchFold = fold

  if (typeof document !== "undefined")
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
        if (i % 2 && word !== part.toLowerCase() && terms.some(function (t) { return word.startsWith(t) })) {
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

  var lunr = root.lunr
  if (!lunr || !lunr.vi || lunr.vi.folded)
    return

  function foldToken(token) {
    return token.update(fold)
  }
  lunr.Pipeline.registerFunction(foldToken, "fold-vi")
  lunr.Pipeline.registerFunction(lunr.vi.stopWordFilter, "stopWordFilter-vi")   // upstream forgot: quiets a warning

  var plugin = lunr.vi
  lunr.vi = Object.assign(function () {
    plugin.apply(this, arguments)
    this.pipeline.add(foldToken)
  }, plugin, { fold: foldToken, folded: true })

  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (spec) {
    if (typeof spec.term === "string")
      spec.term = fold(spec.term)
    return clause.call(this, spec)
  }

  lunr.TokenSet.prototype.toString = function () {
    if (this._str)
      return this._str
    var str = this.final ? "1" : "0"
    var labels = Object.keys(this.edges).sort()
    for (var i = 0; i < labels.length; i++)
      str += JSON.stringify(labels[i]) + this.edges[labels[i]].id
    return str
  }
})(self)
