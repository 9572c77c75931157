"""Build ../further5.jsonl: a fifth untuned check, written before the round of rules (and the learned
combination) that studied ../further4.jsonl, and measured only before and after that round (see
evals/CHECKER.md).

Sources, two documents of different kinds that no earlier row uses:

* ``history-3x``: *A Brief History of Debian*, section 4.4 "The 3.x Releases" (Debian package
  ``debian-history`` 2.28, GPL-2+), stored as a report in evals/dev/debian-history/docs/releases-3x.md:
  long narrative prose, dense with dates, counts, places and names;
* ``python-functional``: the Python 3.11 "Functional Programming HOWTO" by A. M. Kuchling (Debian
  package ``python3.11-doc`` 3.11.2, PSF License), /usr/share/doc/python3.11/html/howto/functional.html.

Text = ``BeautifulSoup(html, "html.parser").get_text()`` for the HTML page, the file as it is for
the report, each with every whitespace run collapsed to one space; every passage is checked to be a
verbatim substring of it. Run from the repository root: ``python evals/checker_llm/rows_src/further5.py``.
"""
from further_common import build

FILES = {
    "history-3x": "evals/dev/debian-history/docs/releases-3x.md",
    "python-functional": "/usr/share/doc/python3.11/html/howto/functional.html",
}
H, F = "history-3x", "python-functional"

P = {
    # A Brief History of Debian, 4.4
    "pools": (H, "Package pools, which enabled special purpose distributions, such as the new \"Testing\" distribution used for the first time to get woody ready for release, were activated on ftp-master in mid December 2000. A package pool is just a collection of different versions of a given package, from which multiple distributions (currently experimental, unstable, testing, and stable) can draw packages, which are then included in that distribution's Packages file."),
    "testingdist": (H, "At the same time a new distribution testing was introduced. Mainly, packages from unstable that are said to be stable moved to testing (after a period of a few weeks). This was introduced in order to reduce freeze time and give the project the ability to prepare a new release at any time."),
    "companies": (H, "In that period, some of the companies that were shipping modified versions of Debian closed down. Corel sold its Linux division in the first quarter of 2001, Stormix declared bankruptcy on January 17th 2001, and Progeny ceased development of its distribution on October 1st, 2001."),
    "freeze": (H, "The freeze for the next release started on July 1st 2001. However, it took the project a little more than a year to get to the next release, due to problems in boot-floppies, because of the introduction of cryptographic software in the main archive and due to the changes in the underlying architecture (the incoming archive and the security architecture)."),
    "revised": (H, "In that time, however, the stable release (Debian 2.2) was revised up to seven times, and two Project Leaders were elected: Ben Collins (in 2001) and Bdale Garbee. Also, work in many areas of Debian besides packaging kept growing, including internationalization, Debian's web site (over a thousand web pages) was translated into over 20 different languages, and installation for the next release was ready in 23 languages."),
    "internal": (H, "Two internal projects: Debian Junior (for children) and Debian Med (for medical practice and research) started during the woody release time frame providing the project with different focuses to make Debian suitable for those tasks."),
    "debconf1": (H, "The work around Debian didn't stop the developers from joining the annual DebConf meeting. The second meeting Debconf1 was held from the 2nd to the 5th of July together with the Libre Software Meeting (LSM) at Bordeaux (France) gathered around forty Debian developers. The third conference, Debconf2 took place in Toronto (Canada) July 5th 2002 with over eighty participants."),
    "woody": (H, "Debian 3.0 (woody) was released July 19th, 2002 for the Intel i386, Motorola 68000 series, alpha, SUN Sparc, PowerPC, ARM, HP PA-RISC, IA-64, MIPS, MIPS (DEC) and IBM s/390 architectures. This is the first release including HP PA-RISC, IA-64, MIPS, MIPS (DEC) and IBM s/390 ports."),
    "woodypkgs": (H, "At the time of release, there were around 8500 binary packages maintained by over nine hundred Debian developers, becoming the first release to be available on DVD media as well as CD-ROMs."),
    "debconf3": (H, "Before the next release the DebConf annual meeting continued with the fourth conference, Debconf3 taking place in Oslo from July 18th to July 20th 2003 with over one hundred and twenty participants, with a DebCamp preceding it, from July 12th to July 17th. The fifth conference, Debconf4, took place from May 26th to June 2nd 2004 in Porto Alegre, Brazil with over one hundred and sixty participants from twenty six different countries."),
    "sarge": (H, "Debian 3.1 (sarge) was released June 6th, 2005 for the same architectures as woody, although an unofficial AMD64 port was released at the same time using the project hosting infrastructure provided for the distribution and available at Alioth (formerly at https://alioth.debian.org). There were around 15,000 binary packages maintained by more than nine hundred Debian developers."),
    "changes": (H, "There were many major changes in the sarge release, mostly due to the large time it took to freeze and release the distribution. Not only did this release update over 73% of the software shipped in the previous version, but it also included much more software than previous releases almost doubling in size with 9,000 new packages including the OpenOffice suite, the Firefox web browser and the Thunderbird e-mail client."),
    "kernels": (H, "This release shipped with the 2.4 and 2.6 Linux kernel series, XFree86 4.3, GNOME 2.8 and KDE 3.3 and with a brand new installer. This new installer replaced the aging boot-floppies installer with a modular design with provided for more advanced installations (with RAID, XFS and LVM support) including hardware detection and making installations easier for novice users of all the architectures."),
    "aptitude": (H, "It also switched to aptitude as the selected tool for package management. But the installation system also boasted full internationalization support as the software was translated into almost forty languages. The supporting documentation: installation manual and release notes, were made available with the release in ten and fifteen different languages respectively."),
    "subprojects": (H, "This release included the efforts of the Debian-Edu/Skolelinux, Debian-Med and Debian-Accessibility sub-projects which boosted the number of educational packages and those with a medical affiliation as well as packages designed especially for people with disabilities."),
    "debconf5": (H, "The sixth DebConf, Debconf5 was held in Espoo, Finland, from July 10th to July 17th, 2005 with over three hundred participants. Videos from this conference are available online."),
    "debconf6": (H, "The seventh DebConf, Debconf6 was held in Oaxtepec, Mexico, from May 14th to May 22nd, 2006 with around two hundred participants. Videos and pictures from this conference are available online."),
    # Functional Programming HOWTO
    "procedural": (F, "Most programming languages are procedural: programs are lists of instructions that tell the computer what to do with the program’s input. C, Pascal, and even Unix shells are procedural languages."),
    "declarative": (F, "In declarative languages, you write a specification that describes the problem to be solved, and the language implementation figures out how to perform the computation efficiently. SQL is the declarative language you’re most likely to be familiar with; a SQL query describes the data set you want to retrieve, and the SQL engine decides whether to scan tables or use indexes, which subclauses should be performed first, etc."),
    "oo": (F, "Object-oriented programs manipulate collections of objects. Objects have internal state and support methods that query or modify this internal state in some way. Smalltalk and Java are object-oriented languages. C++ and Python are languages that support object-oriented programming, but don’t force the use of object-oriented features."),
    "functional": (F, "Functional programming decomposes a problem into a set of functions. Ideally, functions only take inputs and produce outputs, and don’t have any internal state that affects the output produced for a given input. Well-known functional languages include the ML family (Standard ML, OCaml, and other variants) and Haskell."),
    "multi": (F, "The designers of some computer languages choose to emphasize one particular approach to programming. This often makes it difficult to write programs that use a different approach. Other languages are multi-paradigm languages that support several different approaches. Lisp, C++, and Python are multi-paradigm; you can write programs or libraries that are largely procedural, object-oriented, or functional in all of these languages."),
    "sideeffects": (F, "Functional style discourages functions with side effects that modify internal state or make other changes that aren’t visible in the function’s return value. Functions that have no side effects at all are called purely functional. Avoiding side effects means not using data structures that get updated as a program runs; every function’s output must only depend on its input."),
    "print": (F, "Another example is a call to the print() or time.sleep() function, neither of which returns a useful value. Both are called only for their side effects of sending some text to the screen or pausing execution for a second."),
    "advantages": (F, "There are theoretical and practical advantages to the functional style: Formal provability. Modularity. Composability. Ease of debugging and testing."),
    "impractical": (F, "Unfortunately, proving programs correct is largely impractical and not relevant to Python software. Even trivial programs require proofs that are several pages long; the proof of correctness for a moderately complicated program would be enormous, and few or none of the programs you use daily (the Python interpreter, your XML parser, your web browser) could be proven correct."),
    "modularity": (F, "A more practical benefit of functional programming is that it forces you to break apart your problem into small pieces. Programs are more modular as a result. It’s easier to specify and write a small function that does one thing than a large function that performs a complicated transformation. Small functions are also easier to read and to check for errors."),
    "debugging": (F, "Debugging is simplified because functions are generally small and clearly specified. When a program doesn’t work, each function is an interface point where you can check that the data are correct."),
    "testing": (F, "Testing is easier because each function is a potential subject for a unit test. Functions don’t depend on system state that needs to be replicated before running a test; instead you only have to synthesize the right input and then check that the output matches expectations."),
    "iterator": (F, "An iterator is an object representing a stream of data; this object returns the data one element at a time. A Python iterator must support a method called __next__() that takes no arguments and always returns the next element of the stream. If there are no more elements in the stream, __next__() must raise the StopIteration exception."),
    "infinite": (F, "Iterators don’t have to be finite, though; it’s perfectly reasonable to write an iterator that produces an infinite stream of data."),
    "forward": (F, "Note that you can only go forward in an iterator; there’s no way to get the previous element, reset the iterator, or make a copy of it. Iterator objects can optionally provide these additional capabilities, but the iterator protocol only specifies the __next__() method."),
    "dictorder": (F, "Note that starting with Python 3.7, dictionary iteration order is guaranteed to be the same as the insertion order. In earlier versions, the behaviour was unspecified and could vary between implementations."),
    "borrowed": (F, "List comprehensions and generator expressions (short form: “listcomps” and “genexps”) are a concise notation for such operations, borrowed from the functional programming language Haskell (https://www.haskell.org/)."),
    "genexp": (F, "Generator expressions return an iterator that computes the values as necessary, not needing to materialize all the values at once. This means that list comprehensions aren’t useful if you’re working with iterators that return an infinite stream or a very large amount of data. Generator expressions are preferable in these situations."),
    "brackets": (F, "Generator expressions are surrounded by parentheses (“()”) and list comprehensions are surrounded by square brackets (“[]”)."),
    "generators": (F, "Generators are a special class of functions that simplify the task of writing iterators. Regular functions compute a value and return it, but generators return an iterator that returns a stream of values."),
    "yield": (F, "The big difference between yield and a return statement is that on reaching a yield the generator’s state of execution is suspended and local variables are preserved. On the next call to the generator’s __next__() method, the function will resume executing."),
    "py24": (F, "In Python 2.4 and earlier, generators only produced output. Once a generator’s code was invoked to create an iterator, there was no way to pass any new information into the function when its execution is resumed."),
    "py25": (F, "In Python 2.5 there’s a simple way to pass values into a generator. yield became an expression, returning a value that can be assigned to a variable or otherwise operated on:"),
    "methods": (F, "In addition to send(), there are two other methods on generators: throw(value) is used to raise an exception inside the generator; the exception is raised by the yield expression where the generator’s execution is paused. close() raises a GeneratorExit exception inside the generator to terminate the iteration."),
    "coroutines": (F, "The cumulative effect of these changes is to turn generators from one-way producers of information into both producers and consumers. Generators also become coroutines, a more generalized form of subroutines."),
    "mapfilter": (F, "Two of Python’s built-in functions, map() and filter() duplicate the features of generator expressions:"),
    "zip": (F, "It doesn’t construct an in-memory list and exhaust all the input iterators before returning; instead tuples are constructed and returned only if they’re requested. (The technical term for this behaviour is lazy evaluation.)"),
    "zipshort": (F, "This iterator is intended to be used with iterables that are all of the same length. If the iterables are of different lengths, the resulting stream will be the same length as the shortest iterable."),
    "islice": (F, "Unlike Python’s string and list slicing, you can’t use negative values for start, stop, or step."),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    # --- history-3x: supported
    ("close_paraphrase", ["pools"], "Package pools, which made special-purpose distributions such as the new Testing distribution possible, were activated on ftp-master in mid-December 2000.", "S"),
    ("close_paraphrase", ["debconf5"], "Debconf5, the sixth DebConf, was held in Espoo, Finland, from July 10th to July 17th, 2005, with over three hundred participants, and videos from it are available online.", "S"),
    ("close_paraphrase", ["debconf6"], "Debconf6, the seventh DebConf, took place in Oaxtepec, Mexico, from May 14th to May 22nd, 2006, with around two hundred participants.", "S"),
    ("rewording", ["testingdist"], "The testing distribution was introduced to shorten freezes and let the project prepare a new release at any time; packages from unstable that are considered stable move into it after a few weeks.", "S"),
    ("rewording", ["freeze"], "Although the freeze began on July 1st 2001, the next release took a little over a year to arrive, held up by problems with boot-floppies, the addition of cryptographic software to the main archive, and changes to the incoming archive and the security architecture.", "S"),
    ("rewording", ["changes"], "Largely because it took so long to freeze and release, sarge brought many major changes: more than 73% of the previous version's software was updated, and with 9,000 new packages the distribution almost doubled in size.", "S"),
    ("synthesis_two_passages", ["woody", "woodypkgs"], "Debian 3.0 (woody), released on July 19th, 2002, was the first release to include the HP PA-RISC, IA-64, MIPS, MIPS (DEC) and IBM s/390 ports, and the first to be available on DVD as well as CD-ROMs.", "S"),
    ("synthesis_two_passages", ["sarge", "kernels"], "Debian 3.1 (sarge), released on June 6th, 2005, shipped with the 2.4 and 2.6 Linux kernel series, XFree86 4.3, GNOME 2.8, KDE 3.3 and a brand new installer.", "S"),
    ("synthesis_two_passages", ["debconf1", "debconf3"], "Debconf1 in Bordeaux gathered around forty Debian developers, while Debconf3 in Oslo in July 2003 drew over one hundred and twenty participants.", "S"),
    ("derived_count", ["companies"], "Three companies that shipped modified versions of Debian are named as closing down or giving up their distributions in 2001: Corel, Stormix and Progeny.", "S"),
    ("derived_count", ["woody"], "Woody was released for eleven architectures, five of which (HP PA-RISC, IA-64, MIPS, MIPS (DEC) and IBM s/390) were included in a release for the first time.", "S"),
    ("derived_count", ["kernels"], "The release shipped with two Linux kernel series, 2.4 and 2.6.", "S"),
    ("entity_alias", ["debconf1"], "The second DebConf meeting was held together with the LSM in Bordeaux, France, and gathered around forty Debian developers.", "S"),
    ("entity_alias", ["revised"], "In that time the stable Debian 2.2 release was revised up to seven times, and two DPLs were elected: Ben Collins in 2001, and Bdale Garbee.", "S"),
    ("entity_alias", ["subprojects"], "The release incorporated work from Skolelinux, Debian-Med and Debian-Accessibility, boosting the number of educational and medical packages and of packages designed especially for people with disabilities.", "S"),
    ("partial_restatement", ["woodypkgs"], "At the time of release there were around 8500 binary packages.", "S"),
    ("partial_restatement", ["aptitude"], "The installation system's software was translated into almost forty languages.", "S"),
    ("partial_restatement", ["pools"], "A package pool is just a collection of different versions of a given package.", "S"),
    # --- history-3x: unsupported
    ("antonym_flip", ["kernels"], "The new installer replaced the aging boot-floppies installer with a modular design that made installations harder for novice users of all the architectures.", "C"),
    ("antonym_flip", ["testingdist"], "The testing distribution was introduced in order to lengthen freeze time and give the project the ability to prepare a new release at any time.", "C"),
    ("causal_added", ["companies"], "Stormix declared bankruptcy on January 17th 2001 because its modified version of Debian failed to attract paying customers.", "N"),
    ("causal_added", ["debconf5"], "Debconf5 in Espoo drew over three hundred participants because it was the first DebConf whose videos were made available online.", "N"),
    ("degree_added", ["changes"], "There were many major changes in the sarge release, entirely due to the long time it took to freeze and release the distribution.", "N"),
    ("degree_added", ["revised"], "Debian's web site, with over a thousand web pages, was fully translated into over 20 different languages.", "N"),
    ("role_swap", ["debconf3"], "Debconf3 took place in Porto Alegre, Brazil, while Debconf4 was held in Oslo.", "C"),
    ("role_swap", ["companies"], "Progeny sold its Linux division in the first quarter of 2001, and Corel ceased development of its distribution on October 1st, 2001.", "C"),
    ("outside_fact", ["woodypkgs"], "At the time of release there were around 8500 binary packages maintained by over nine hundred Debian developers, making woody the largest free software distribution of its day.", "N"),
    ("outside_fact", ["sarge"], "Debian 3.1 (sarge) was released on June 6th, 2005, with Steve Langasek and Andreas Barth as its release managers.", "N"),
    ("wrong_number", ["debconf6"], "Debconf6 was held in Oaxtepec, Mexico, from May 14th to May 22nd, 2006 with around three hundred participants.", "C"),
    ("wrong_number", ["revised"], "Installation for the next release was ready in 32 languages.", "C"),
    ("wrong_name", ["debconf1"], "The second meeting, Debconf1, was held together with the Libre Software Meeting in Toulouse, France.", "C"),
    ("wrong_name", ["changes"], "The 9,000 new packages included the OpenOffice suite, the Firefox web browser and the Evolution e-mail client.", "C"),
    ("negation_flip", ["sarge"], "An official AMD64 port was released at the same time as sarge, using the project hosting infrastructure at Alioth.", "C"),
    ("negation_flip", ["debconf1"], "The work around Debian stopped the developers from joining the annual DebConf meeting.", "C"),
    ("unsupported_generalisation", ["internal"], "Debian Junior and Debian Med made Debian suitable for every kind of user.", "N"),
    ("unsupported_generalisation", ["debconf5"], "Videos from every DebConf are available online.", "N"),
    # --- python-functional: supported
    ("close_paraphrase", ["iterator"], "An iterator is an object that represents a stream of data and returns it one element at a time; it must support a __next__() method that takes no arguments and always returns the next element, raising StopIteration when there are no more.", "S"),
    ("close_paraphrase", ["forward"], "You can only go forward in an iterator: there is no way to get the previous element, reset it, or copy it, although iterator objects may optionally provide those capabilities.", "S"),
    ("close_paraphrase", ["yield"], "Unlike a return statement, reaching a yield suspends the generator's execution state and preserves its local variables, and the function resumes on the next call to its __next__() method.", "S"),
    ("rewording", ["genexp"], "Because generator expressions compute values only as needed instead of materializing them all at once, they are the better choice for infinite streams or very large amounts of data, where list comprehensions are not useful.", "S"),
    ("rewording", ["testing"], "Functional code is easier to test since every function can be the subject of a unit test and there is no system state to replicate first: you just build the right input and check that the output matches expectations.", "S"),
    ("rewording", ["impractical"], "Proving programs correct is, unfortunately, mostly impractical and irrelevant to Python software, since even trivial programs need proofs several pages long.", "S"),
    ("synthesis_two_passages", ["procedural", "declarative"], "C, Pascal and Unix shells are procedural languages, whose programs are lists of instructions, whereas SQL is a declarative language in which a query describes the data to retrieve and the engine decides how to compute it.", "S"),
    ("synthesis_two_passages", ["generators", "coroutines"], "Generators are a special class of functions that simplify writing iterators, and once they can consume information as well as produce it, they become coroutines, a more generalized form of subroutines.", "S"),
    ("synthesis_two_passages", ["zip", "zipshort"], "zip() builds its tuples lazily, only when they are requested, and if its iterables differ in length the resulting stream is as long as the shortest one.", "S"),
    ("derived_count", ["advantages"], "The functional style has four advantages: formal provability, modularity, composability, and ease of debugging and testing.", "S"),
    ("derived_count", ["procedural"], "Three procedural languages are named: C, Pascal and Unix shells.", "S"),
    ("derived_count", ["multi"], "The text names three multi-paradigm languages, Lisp, C++ and Python, in which programs can be largely procedural, object-oriented, or functional.", "S"),
    ("entity_alias", ["borrowed"], "Listcomps and genexps are a concise notation borrowed from Haskell.", "S"),
    ("entity_alias", ["functional"], "OCaml, a member of the ML family, is one of the well-known functional languages, along with Haskell.", "S"),
    ("entity_alias", ["oo"], "Smalltalk and Java are OO languages, while C++ and Python support object-oriented programming without forcing its features on you.", "S"),
    ("partial_restatement", ["dictorder"], "Starting with Python 3.7, dictionary iteration order is guaranteed to match insertion order.", "S"),
    ("partial_restatement", ["brackets"], "List comprehensions are surrounded by square brackets.", "S"),
    ("partial_restatement", ["modularity"], "Small functions are easier to read and to check for errors.", "S"),
    # --- python-functional: unsupported
    ("antonym_flip", ["sideeffects"], "Functional style encourages functions with side effects that modify internal state.", "C"),
    ("antonym_flip", ["zipshort"], "If the iterables are of different lengths, the resulting stream will be the same length as the longest iterable.", "C"),
    ("causal_added", ["borrowed"], "List comprehensions and generator expressions were borrowed from Haskell because Python's designers wanted to attract Haskell programmers.", "N"),
    ("causal_added", ["dictorder"], "Starting with Python 3.7, dictionary iteration order is guaranteed to match insertion order because dictionaries were reimplemented to save memory.", "N"),
    ("degree_added", ["debugging"], "Debugging is always trivial because functions are generally small and clearly specified.", "N"),
    ("degree_added", ["multi"], "Choosing to emphasize one particular approach to programming makes it impossible to write programs that use a different approach.", "N"),
    ("role_swap", ["declarative"], "A SQL query decides whether to scan tables or use indexes, and the SQL engine describes the data set you want to retrieve.", "C"),
    ("role_swap", ["generators"], "Regular functions return an iterator that returns a stream of values, but generators compute a value and return it.", "C"),
    ("outside_fact", ["functional"], "Well-known functional languages include the ML family and Haskell, which is named after the logician Haskell Curry.", "N"),
    ("outside_fact", ["py25"], "In Python 2.5, which was released in 2006, there is a simple way to pass values into a generator.", "N"),
    ("wrong_number", ["py24"], "In Python 2.3 and earlier, generators only produced output.", "C"),
    ("wrong_number", ["methods"], "In addition to send(), there are three other methods on generators.", "C"),
    ("wrong_name", ["methods"], "close() raises a StopIteration exception inside the generator to terminate the iteration.", "C"),
    ("wrong_name", ["oo"], "Smalltalk and Ruby are object-oriented languages.", "C"),
    ("negation_flip", ["infinite"], "Iterators have to be finite; it is not reasonable to write an iterator that produces an infinite stream of data.", "C"),
    ("negation_flip", ["islice"], "Just as with Python's string and list slicing, you can use negative values for start, stop, or step.", "C"),
    ("unsupported_generalisation", ["modularity"], "Every program written in a functional style is more modular than any object-oriented program.", "N"),
    ("unsupported_generalisation", ["print"], "Every Python built-in function is called only for its side effects.", "N"),
]


def main() -> int:
    count: dict[tuple[str, str], int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        tag = "functional" if doc == F else "history"
        count[(tag, kind)] = count.get((tag, kind), 0) + 1
        return {"id": f"{tag}-{kind}-{count[(tag, kind)]:02d}", "doc": doc, "source": FILES[doc]}

    return build(FILES, P, R, "further5.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
