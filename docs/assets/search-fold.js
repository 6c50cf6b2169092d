/* Vietnamese search for Material's search: accent folding ("chuyen doi so" finds "chuyển đổi số") and
 * ranking (the first result is what the reader meant). Four files, one job each:
 *   search-fold.js  (this file) the words: the fold and word rules, and what the index stores for each word;
 *   search-query.js the query: the reader's words, a word one letter wrong, the written form meant, lunr clauses;
 *   search-rank.js  the results: tiers, runs of words together, what Material marks;
 *   search-page.js  in the page: the words marked on the page a result opens.
 *
 * Fold rule (the same as macros/site/search_forms.py `fold`, checked against it by tests/test_search.py):
 * NFD, drop combining marks (\p{Mn}), đ -> d, Đ -> D, lowercase, a final y after a consonant -> i ("tỷ" = "tỉ").
 * Word rule (macros/site/search_forms.py `word`): lowercase, NFC, punctuation around the word dropped, tone of a
 * final oa/oe/uy on its first vowel ("uỷ" = "ủy").
 *
 * How it reaches the search. Material runs lunr in a web worker (assets/javascripts/workers/search.*.min.js).
 * Because the search plugin has `lang: vi`, that worker always importScripts()
 * assets/javascripts/lunr/min/lunr.vi.min.js before it builds the index. macros/site/mkdocs_hooks.py (on_post_build)
 * appends to that lunr.vi.min.js in the built site `self.searchForms = {...}` (the written forms of every folded
 * word that has several on the site, with their counts, computed from search/search_index.json by
 * macros/site/search_forms.py), this file, search-query.js and search-rank.js (macros/site/search.py
 * WORKER_SCRIPTS, in that order), so they run inside the worker with `lunr` loaded. They share what they need
 * through self.searchVi (set here). This file:
 *   1. index side: lunr.vi (the language plugin Material calls with `this.use(lunr.vi)`) also adds the pipeline
 *      function "terms-vi": every word is indexed folded ("ho"); a word whose folded form has several written
 *      forms also as written ("=hộ"); a number also as a reader types it: without separators ("39.242" ->
 *      "39242"), without leading zeros ("05" -> "5", "21/06/1925" -> "21/6/1925"); a piece of a code with
 *      slashes ("1552/BTTTT" -> "btttt"); a word followed by punctuation also as "=|" (phrases do not run across
 *      punctuation). All at the word's position in the text, so Material shows and <mark>s the text WITH its
 *      diacritics; search_index.json is untouched.
 *   2. Material's own analysis of the query (lunr.Query#clause, patched here) sees folded words, as the match data
 *      it gets back (search-rank.js), which holds (and so Material marks) only the reader's words.
 *   3. a lunr 2.3.9 bug fix, needed by the same worker: lunr.TokenSet#toString (the key lunr uses to merge equal
 *      nodes when it minimises the index's word graph) writes edge label + node id with no separator, so digit
 *      labels collide ("3"+"12" = "31"+"2"). Tables full of numbers then make lunr invent words that are not in
 *      the index, and any prefix query reaching one throws "Cannot read properties of undefined (reading
 *      '_index')": Material shows no results at all (lunr.js issues #279, #314). The label is quoted here.
 * In the page (overrides/main.html loads this file there too, before search-page.js) it defines self.searchFold
 * and self.searchWord, and stops there.
 */
(function (root) {
  "use strict"

  // y at the end of a syllable after its consonant(s) is also written i ("tỷ lệ"/"tỉ lệ", "quy định"/"qui định"):
  // folded to i. Not a vowel pair ("huy", "tuy") nor y alone ("y tế"). No lookbehind: older phones' browsers lack it.
  var Y_FINAL = /(^|[^\p{L}])(ngh|ng|nh|ch|gh|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])y(?!\p{L})/gu

  function fold(text) {
    return text.normalize("NFD").replace(/\p{Mn}/gu, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(Y_FINAL, "$1$2i")
  }
  root.searchFold = fold

  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu  // punctuation around a word: "nghèo," -> "nghèo"
  var LEADING = /^[^\p{L}\p{N}]/u, TRAILING = /[^\p{L}\p{N}]$/u
  var NUMBER = /^\d+(?:[.,]\d+)+$/                 // 39.242, 1.440, 79,85 (also typed 39,242)
  var NUMERALS = /^\d+(?:\/\d+)*$/                 // 05, 02/03, 21/06/1925: a count, a tally, a date
  // Two spellings of one word: the tone on the first or the second vowel of a final oa, oe, uy ("uỷ"/"ủy",
  // "hoà"/"hòa"; not after q: "quý"). Words are read with the tone on the first (NFD: letters, then marks).
  var LATE_TONE = /(^|[^q])([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$/

  // A word as the index and the query both see it (the same rule as macros/site/search_forms.py `word`):
  // lowercase, NFC, punctuation around it dropped, one spelling of the tone.
  function word(text) {
    return text.toLowerCase().normalize("NFC").replace(EDGES, "")
      .normalize("NFD").replace(LATE_TONE, "$1$2$4$3").normalize("NFC")
  }
  root.searchWord = word

  var lunr = root.lunr
  if (!lunr || !lunr.vi || lunr.vi.ranked)
    return

  // ---- words and index terms ---------------------------------------------------------------------------------

  var EXACT = "="                                  // index terms "=hộ": the written form (no word starts with "=")
  var GAP = "=|"                                   // index term at a word followed by punctuation ("nghèo,")

  // The forms of each folded word written in several ways on the site, most frequent first, with their
  // counts: {"ho": [["hộ", 48], ["hồ", 15], ...]}. Computed at build time from search_index.json and
  // written before this file by macros/site/mkdocs_hooks.py (self.searchForms, "hộ 48 hồ 15 ..." per word).
  var forms = Object.create(null)
  Object.keys(root.searchForms || {}).forEach(function (folded) {
    var parts = root.searchForms[folded].split(" "), list = []
    for (var i = 0; i + 1 < parts.length; i += 2)
      list.push([parts[i], +parts[i + 1]])
    forms[folded] = list
  })

  // A number as a reader may type it, when it differs from the written one: its digits without separators
  // ("39.242" -> "39242"), or without leading zeros ("05" -> "5", "02/03" -> "2/3", "21/06/1925" -> "21/6/1925":
  // the pages write dates and some counts with two digits, the source and the readers often with one). Or null.
  function digits(written) {
    if (NUMBER.test(written))
      return written.replace(/[.,]/g, "")
    var bare = NUMERALS.test(written) && written.replace(/(^|\/)0+(?=\d)/g, "$1")
    return bare && bare !== written ? bare : null
  }

  // The pieces of a code written with slashes ("1552/BTTTT", "QĐ/TW", "3G/4G", "06/CP"), which the index's
  // separator keeps whole: a reader types one piece ("BTTTT", "TW", "4G"), and found nothing. Dates and tallies
  // ("21/06/1925", "02/03": digits only) are not cut. A list of folded pieces, empty for other words.
  function pieces(folded) {
    if (folded.indexOf("/") < 0 || !/\p{L}/u.test(folded))
      return []
    return folded.split("/").map(word).filter(function (piece) { return piece && piece !== folded })
  }

  // Index side: every word is stored folded ("ho"); a word whose folded form has several written forms also
  // as written ("=hộ"), so the exact word can weigh more; a number also as a reader may type it (`digits`:
  // "39.242" -> "39242", "05" -> "5"). All at the word's position, so Material highlights the text as before. Where
  // punctuation separates two words ("hộ nghèo, hộ cận nghèo"), GAP is stored at the first of them: a phrase
  // does not run across it.
  function indexTerms(token) {
    var raw = token.toString(), written = word(raw)
    if (!written)
      return undefined
    var folded = fold(written), terms = [folded], typed = digits(written)
    if (forms[folded])
      terms.push(EXACT + written)
    if (typed)
      terms.push(typed)
    pieces(folded).forEach(function (piece) { terms.push(piece) })
    if (TRAILING.test(raw))
      terms.push(GAP)
    var tokens = terms.map(function (term) { return token.clone(function () { return term }) })
    if (LEADING.test(raw) && typeof token.metadata.position === "number")
      tokens.push(new lunr.Token(GAP, Object.assign({}, token.metadata, { position: token.metadata.position - 1 })))
    return tokens
  }
  lunr.Pipeline.registerFunction(indexTerms, "terms-vi")
  lunr.Pipeline.registerFunction(lunr.vi.stopWordFilter, "stopWordFilter-vi")   // upstream forgot: quiets a warning

  var plugin = lunr.vi
  lunr.vi = Object.assign(function () {
    plugin.apply(this, arguments)
    this.pipeline.add(indexTerms)
  }, plugin, { terms: indexTerms, ranked: true })

  // A colon is punctuation to a reader ("giai đoạn 2021-2025: 02/02", "Bưu chính: 02/03"), not lunr's "field:term"
  // (a search in one field, which no reader types): read as a letter of the word, which the word rule then drops
  // like a comma. lunr refused "2021-2025:" as an unknown field ("Invalid query", nothing found), and Material
  // dropped a word such as "chính:" from the query.
  lunr.QueryLexer.lexField = function () {
    return lunr.QueryLexer.lexText
  }

  // Material's own analysis of the query (which words were found, for its result list) parses the query with
  // lunr.Query; its terms are folded here so that they meet the folded index terms, without the punctuation
  // around them ("2025:"; a wildcard "*" stays).
  // search-query.js and search-rank.js make their own clauses from folded words: vi.raw is true while they do.
  // Material's clauses are kept (vi.analysed) until the search that follows them, which rewrites the term of a word
  // read as another ("nghieo" -> "ngheo", search-rank.js): Material then neither says the typed word is missing
  // from every result nor leaves the word read out of the result's link (?h=, the words the page opened marks).
  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (spec) {
    if (!vi.raw && typeof spec.term === "string") {
      spec.term = fold(spec.term).replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, "")
      vi.analysed.push(spec)
    }
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

  // What search-query.js and search-rank.js use, loaded after this file into the same worker.
  var vi = root.searchVi = {
    fold: fold, word: word, digits: digits, forms: forms, EXACT: EXACT, GAP: GAP, LEADING: LEADING,
    TRAILING: TRAILING, raw: false, analysed: [],
    rawly: function (run) {                        // run(), its lunr clauses taken as they are (not folded again)
      vi.raw = true
      try {
        return run()
      } finally {
        vi.raw = false
      }
    }
  }
})(self)
