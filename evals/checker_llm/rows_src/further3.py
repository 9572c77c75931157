"""Build ../further3.jsonl: a third untuned check, written before the round of rules that studied
../further2.jsonl and measured only before and after that round (see evals/CHECKER.md).

Sources, two documents no earlier row uses:

* ``handbook-security``: *The Debian Administrator's Handbook*, section 14.6 "Other
  Security-Related Considerations" (Debian package ``debian-handbook`` 11.20220922, GPL-2+ or
  CC-BY-SA-3.0), as shipped in evals/dev/debian-handbook/docs/;
* ``python-sorting``: the Python 3.11 "Sorting HOW TO" by Andrew Dalke and Raymond Hettinger
  (Debian package ``python3.11-doc`` 3.11.2, PSF License), /usr/share/doc/python3.11/html/howto/sorting.html.

Text = ``BeautifulSoup(html, "html.parser").get_text()`` with each whitespace run collapsed to one
space; every passage is checked to be a verbatim substring of it. Run from the repository root:
``python evals/checker_llm/rows_src/further3.py``.
"""
from further_common import build

FILES = {
    "handbook-security": "evals/dev/debian-handbook/docs/sect.other-security-considerations.html",
    "python-sorting": "/usr/share/doc/python3.11/html/howto/sorting.html",
}
H, S = "handbook-security", "python-sorting"

P = {
    # The Debian Administrator's Handbook, 14.6
    "webapps": (H, "The universal character of web applications led to their proliferation. Several are often run in parallel: a webmail, a wiki, some groupware system, forums, a photo gallery, a blog, and so on. Many of those applications rely on the “LAMP” (Linux, Apache, MySQL, PHP) stack."),
    "validation": (H, "Unfortunately, many of those applications were also written without much consideration for security problems. Data coming from outside is, too often, used with little or no validation. Providing specially-crafted values can be used to subvert a call to a command so that another one is executed instead."),
    "modsec": (H, "Setting up these checks can be a long and cumbersome task, but it can pay off when the web application to be deployed has a dubious track record where security is concerned. mod-security2 (in the libapache2-mod-security2 package) is the main such module. It even comes with many ready-to-use rules of its own (in the modsecurity-crs package) that you can easily enable."),
    "kiddies": (H, "“Script-kiddies“ only apply recipes they find on web sites; most often, they deface a web page or delete data. In more subtle cases, they add invisible contents to web pages so as to improve referrals to their own sites in search engines."),
    "wget": (H, "Often, the vulnerability will allow running a wget command that will download some malware into /tmp/, then executing it. The malware is often downloaded from a foreign website that was previously compromised, in order to cover tracks and make it harder to find out the actual origin of the attack."),
    "ircbot": (H, "At this point, the attacker has enough freedom of movement that they often install an IRC bot (a robot that connects to an IRC server and can be controlled by this channel). This bot is often used to share illegal files (unauthorized copies of movies or software, and so on)."),
    "wwwdata": (H, "The www-data account does not allow full access to the machine, and the attacker will try to obtain administrator privileges. Now, this should not be possible, but if the web application was not up-to-date, chances are that the kernel and other programs are outdated too; this sometimes follows a decision from the administrator who, despite knowing about the vulnerability, neglected to upgrade the system since there are no local users."),
    "rootkit": (H, "This involves installing a rootkit, a program that will replace some components of the system so that the attacker will be able to obtain the administrator privileges again at a later time (see also QUICK LOOK The checksecurity and chkrootkit/rkhunter packages); the rootkit also tries hiding its own existence as well as any traces of the intrusion. A subverted ps program will omit to list some processes, netstat will not list some of the active connections, and so on."),
    "propagate": (H, "Analyzing the administrator's account and the history files, the attacker finds what machines are routinely accessed. By replacing sudo or ssh with a subverted program, the attacker can intercept some of the administrator's passwords, which they will use on the detected servers… and the intrusion can propagate from then on."),
    "popularity": (H, "Of course, this information must be balanced against the popularity of said software: a more widely-used program is a more tempting target, and it will be more closely scrutinized as a consequence. On the other hand, a niche program may be full of security holes that never get publicized due to a lack of interest in a security audit."),
    "audit": (H, "A security audit is the process of thoroughly reading and analyzing the source code of some software, looking for potential security vulnerabilities it could contain. Such audits are usually proactive and they are conducted to ensure a program meets certain security requirements."),
    "simplest": (H, "More features imply an increased risk of a vulnerability hiding in the code; picking the most advanced program for a task may actually be counter-productive, and a better approach is usually to pick the simplest program that meets the requirements."),
    "zeroday": (H, "A zero-day exploit attack is hard to prevent; the term covers a vulnerability that is not yet known to the authors of the program."),
    "unneeded": (H, "As a general guideline in security matters, unneeded software is best uninstalled. Indeed, there is no point in securing an FTP server, if a vulnerability in a different, unused service can be used to get administrator privileges on the whole machine."),
    "onemachine": (H, "From an economic viewpoint, such a possibility is interesting: only one computer to administrate, lower energy consumption, and so on. From the security point of view, however, such a choice can be a problem. One compromised service can bring access to the whole machine, which in turn compromises the other services hosted on the same computer."),
    "isolate": (H, "This risk can be mitigated by isolating the services. This can be attained either with virtualization (each service being hosted in a dedicated virtual machine or container), or with AppArmor/SELinux (each service daemon having an adequately designed set of permissions)."),
    "inside": (H, "Discussing security immediately brings to mind protection against attacks by anonymous crackers hiding in the Internet jungle; but an often-forgotten fact is that risks also come from inside: an employee about to leave the company could download sensitive files on the important projects and sell them to competitors, a negligent salesman could leave their desk without locking their session during a meeting with a new prospect, a clumsy user could delete the wrong directory by mistake, and so on."),
    "response": (H, "The response to these risks can involve technical solutions: no more than the required permissions should be granted to users, and regular backups are a must. But in many cases, the appropriate protection is going to involve training users to avoid the risks."),
    "autolog": (H, "The autolog package provides a program that automatically disconnects inactive users after a configurable delay. It also allows killing user processes that persist after a session ends, thereby preventing users from running daemons."),
    "fire": (H, "Physical security also includes taking into consideration the risks for accidents such as fires. This particular risk is what justifies storing the backup media in a separate building, or at least in a fire-proof strongbox."),
    "relay": (H, "An attacker taking control of your machine then using it as a forward base (known as a “relay system”) from which to perform other nefarious activities could cause legal trouble for you, since the attacked party would initially see the attack coming from your system, and therefore consider you as the attacker (or as an accomplice)."),
    "spam": (H, "In many cases, the attacker will use your server as a relay to send spam, which shouldn't have much impact (except potentially registration on black lists that could restrict your ability to send legitimate emails), but won't be pleasant, nevertheless."),
    "innocence": (H, "When these situations occur, claiming innocence is not usually enough; at the very least, you will need convincing evidence showing suspect activity on your system coming from a given IP address. This won't be possible if you neglect the recommendations of this chapter and let the attacker obtain access to a privileged account (root, in particular) and use it to cover their tracks."),
    # Sorting HOW TO
    "intro": (S, "Python lists have a built-in list.sort() method that modifies the list in-place. There is also a sorted() built-in function that builds a new sorted list from an iterable."),
    "inplace": (S, "You can also use the list.sort() method. It modifies the list in-place (and returns None to avoid confusion). Usually it’s less convenient than sorted() - but if you don’t need the original list, it’s slightly more efficient."),
    "onlylists": (S, "Another difference is that the list.sort() method is only defined for lists. In contrast, the sorted() function accepts any iterable."),
    "keyparam": (S, "Both list.sort() and sorted() have a key parameter to specify a function (or other callable) to be called on each list element prior to making comparisons."),
    "keyfast": (S, "The value of the key parameter should be a function (or other callable) that takes a single argument and returns a key to use for sorting purposes. This technique is fast because the key function is called exactly once for each input record."),
    "operator": (S, "The key-function patterns shown above are very common, so Python provides convenience functions to make accessor functions easier and faster. The operator module has itemgetter(), attrgetter(), and a methodcaller() function."),
    "reverse": (S, "Both list.sort() and sorted() accept a reverse parameter with a boolean value. This is used to flag descending sorts."),
    "stable": (S, "Sorts are guaranteed to be stable. That means that when multiple records have the same key, their original order is preserved."),
    "complex": (S, "This wonderful property lets you build complex sorts in a series of sorting steps. For example, to sort the student data by descending grade and then ascending age, do the age sort first and then sort again using grade:"),
    "timsort": (S, "The Timsort algorithm used in Python does multiple sorts efficiently because it can take advantage of any ordering already present in a dataset."),
    "index": (S, "It is not strictly necessary in all cases to include the index i in the decorated list, but including it gives two benefits: The sort is stable – if two items have the same key, their order will be preserved in the sorted list. The original items do not have to be comparable because the ordering of the decorated tuples will be determined by at most the first two items."),
    "schwartz": (S, "Another name for this idiom is Schwartzian transform, after Randal L. Schwartz, who popularized it among Perl programmers. Now that Python sorting provides key-functions, this technique is not often needed."),
    "cmp": (S, "Unlike key functions that return an absolute value for sorting, a comparison function computes the relative ordering for two inputs. For example, a balance scale compares two samples giving a relative ordering: lighter, equal, or heavier. Likewise, a comparison function such as cmp(a, b) will return a negative value for less-than, zero if the inputs are equal, or a positive value for greater-than."),
    "cmpcommon": (S, "It is common to encounter comparison functions when translating algorithms from other languages. Also, some libraries provide comparison functions as part of their API. For example, locale.strcoll() is a comparison function."),
    "cmptokey": (S, "To accommodate those situations, Python provides functools.cmp_to_key to wrap the comparison function to make it usable as a key function:"),
    "locale": (S, "For locale aware sorting, use locale.strxfrm() for a key function or locale.strcoll() for a comparison function. This is necessary because “alphabetical” sort orderings can vary across cultures even if the underlying alphabet is the same."),
    "revstable": (S, "The reverse parameter still maintains sort stability (so that records with equal keys retain the original order). Interestingly, that effect can be simulated without the parameter by using the builtin reversed() function twice:"),
    "lt": (S, "The sort routines use < when making comparisons between two objects. So, it is easy to add a standard sort order to a class by defining an __lt__() method:"),
    "gt": (S, "However, note that < can fall back to using __gt__() if __lt__() is not implemented (see object.__lt__())."),
    "external": (S, "Key functions need not depend directly on the objects being sorted. A key function can also access external resources. For instance, if the student grades are stored in a dictionary, they can be used to sort a separate list of student names:"),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    # --- handbook-security: supported
    ("close_paraphrase", ["validation"], "Too often, data that comes from outside is used with little or no validation.", "S"),
    ("close_paraphrase", ["zeroday"], "A zero-day exploit attack is hard to prevent; the term refers to a vulnerability that the program's authors do not yet know about.", "S"),
    ("close_paraphrase", ["autolog"], "The autolog package includes a program that automatically logs out inactive users after a delay you can configure.", "S"),
    ("rewording", ["simplest"], "Choosing the most advanced program for a task can actually backfire, since more features mean a greater risk of a hidden vulnerability; picking the simplest program that meets the requirements is usually better.", "S"),
    ("rewording", ["fire"], "Because fires are a risk, backup media should be kept in a separate building, or at least in a fire-proof strongbox.", "S"),
    ("rewording", ["spam"], "Attackers often use a compromised server as a relay for sending spam; this should not have a big impact, apart from possibly getting you on black lists that limit your ability to send legitimate email, but it is still unpleasant.", "S"),
    ("synthesis_two_passages", ["wget", "ircbot"], "The vulnerability often lets the attacker run a wget command that downloads malware into /tmp/ and executes it, and later they often install an IRC bot that is used to share illegal files.", "S"),
    ("synthesis_two_passages", ["onemachine", "isolate"], "Hosting several services on one machine is economically attractive but risky, because one compromised service can give access to the whole machine; isolating the services with virtualization or AppArmor/SELinux mitigates this risk.", "S"),
    ("synthesis_two_passages", ["response", "autolog"], "Technical responses to these risks include granting users no more than the required permissions and making regular backups, and the autolog package can disconnect inactive users after a configurable delay.", "S"),
    ("derived_count", ["webapps"], "The LAMP stack that many of these applications rely on has four components: Linux, Apache, MySQL and PHP.", "S"),
    ("derived_count", ["isolate"], "Two ways of isolating services are given: virtualization and AppArmor/SELinux.", "S"),
    ("derived_count", ["inside"], "Three examples of risks from inside are given: a departing employee selling sensitive files to competitors, a negligent salesman leaving their session unlocked, and a clumsy user deleting the wrong directory.", "S"),
    ("entity_alias", ["modsec"], "The libapache2-mod-security2 package provides the main such module, which comes with many ready-to-use rules that are easy to enable.", "S"),
    ("entity_alias", ["relay"], "If an attacker uses your machine as a relay system for other nefarious activities, you could face legal trouble, since the attacked party would at first see the attack coming from your system.", "S"),
    ("entity_alias", ["rootkit"], "The program that replaces some components of the system so the attacker can get administrator privileges back later also tries to hide its own existence and any traces of the intrusion.", "S"),
    ("partial_restatement", ["popularity"], "A niche program may be full of security holes that never get publicized because nobody is interested in auditing it.", "S"),
    ("partial_restatement", ["audit"], "Security audits are usually proactive.", "S"),
    ("partial_restatement", ["innocence"], "When these situations occur, claiming innocence is usually not enough.", "S"),
    # --- handbook-security: unsupported
    ("antonym_flip", ["popularity"], "A more widely-used program is a less tempting target, and it will be more closely scrutinized as a consequence.", "C"),
    ("antonym_flip", ["zeroday"], "A zero-day exploit attack is easy to prevent; the term covers a vulnerability that is not yet known to the authors of the program.", "C"),
    ("causal_added", ["unneeded"], "Unneeded software is best uninstalled because it slows the machine down.", "N"),
    ("causal_added", ["wget"], "The malware is often downloaded from a previously compromised foreign website because such sites offer faster downloads.", "N"),
    ("degree_added", ["spam"], "When the attacker uses your server as a relay to send spam, the impact on your ability to send legitimate emails is severe.", "C"),
    ("degree_added", ["isolate"], "Isolating the services completely eliminates this risk.", "N"),
    ("role_swap", ["propagate"], "By replacing sudo or ssh with a subverted program, the administrator can intercept some of the attacker's passwords.", "C"),
    ("role_swap", ["modsec"], "modsecurity-crs is the main such module, and it comes with many ready-to-use rules in the libapache2-mod-security2 package.", "C"),
    ("outside_fact", ["webapps"], "Many of those applications rely on the LAMP stack, a term coined in 1998.", "N"),
    ("outside_fact", ["audit"], "A security audit is the process of thoroughly reading and analyzing the source code of some software, and it is required by law for software used in banks.", "N"),
    ("wrong_number", ["webapps"], "The LAMP stack combines five components: Linux, Apache, MySQL and PHP.", "C"),
    ("wrong_number", ["onemachine"], "From an economic viewpoint, hosting several services on one machine is interesting: only two computers to administrate and lower energy consumption.", "C"),
    ("wrong_name", ["wget"], "Often, the vulnerability will allow running a curl command that downloads some malware into /tmp/ and then executes it.", "C"),
    ("wrong_name", ["rootkit"], "A subverted ps program will omit to list some processes, and lsof will not list some of the active connections.", "C"),
    ("negation_flip", ["autolog"], "The autolog package does not allow killing user processes that persist after a session ends.", "C"),
    ("negation_flip", ["wwwdata"], "The www-data account allows full access to the machine.", "C"),
    ("unsupported_generalisation", ["validation"], "All web applications were written without any consideration for security problems.", "N"),
    ("unsupported_generalisation", ["kiddies"], "Script-kiddies always deface a web page or delete data.", "N"),
    # --- python-sorting: supported
    ("close_paraphrase", ["onlylists"], "The list.sort() method is only defined for lists, whereas sorted() accepts any iterable.", "S"),
    ("close_paraphrase", ["stable"], "Sorts are guaranteed to be stable: when several records have the same key, their original order is kept.", "S"),
    ("close_paraphrase", ["timsort"], "Python's Timsort algorithm performs multiple sorts efficiently because it can exploit any ordering already present in a dataset.", "S"),
    ("rewording", ["inplace"], "list.sort() changes the list in place and returns None to avoid confusion; it is usually less convenient than sorted(), but slightly more efficient when you don't need the original list.", "S"),
    ("rewording", ["keyfast"], "Sorting with a key function is fast because the key function is called only once per input record.", "S"),
    ("rewording", ["schwartz"], "Since Python sorting now offers key functions, the Schwartzian transform is rarely needed anymore.", "S"),
    ("synthesis_two_passages", ["keyparam", "reverse"], "Both list.sort() and sorted() accept a key parameter, a function called on each element before comparisons are made, and a boolean reverse parameter that flags descending sorts.", "S"),
    ("synthesis_two_passages", ["stable", "complex"], "Because sorts are stable, you can build complex sorts in several steps, for example sorting the student data by age first and then again by grade to get descending grade and ascending age.", "S"),
    ("synthesis_two_passages", ["cmpcommon", "cmptokey"], "Comparison functions are common when translating algorithms from other languages, and Python provides functools.cmp_to_key to turn such a function into a key function.", "S"),
    ("derived_count", ["operator"], "The operator module offers three such convenience functions: itemgetter(), attrgetter() and methodcaller().", "S"),
    ("derived_count", ["cmp"], "A comparison function can give three kinds of result: a negative value for less-than, zero for equal inputs, or a positive value for greater-than.", "S"),
    ("derived_count", ["locale"], "Two functions support locale-aware sorting: locale.strxfrm() as a key function and locale.strcoll() as a comparison function.", "S"),
    ("entity_alias", ["schwartz"], "Randal Schwartz popularized the idiom among Perl programmers, which is why it is also called the Schwartzian transform.", "S"),
    ("entity_alias", ["timsort"], "Python's sort algorithm does multiple sorts efficiently because it can take advantage of any ordering already present in the data.", "S"),
    ("entity_alias", ["lt"], "Since the sort routines compare objects with the less-than operator, a class gets a standard sort order by defining __lt__().", "S"),
    ("partial_restatement", ["locale"], "Alphabetical sort orderings can vary across cultures even if the underlying alphabet is the same.", "S"),
    ("partial_restatement", ["external"], "A key function can also access external resources.", "S"),
    ("partial_restatement", ["revstable"], "The reverse parameter still maintains sort stability.", "S"),
    # --- python-sorting: unsupported
    ("antonym_flip", ["inplace"], "Usually list.sort() is more convenient than sorted().", "C"),
    ("antonym_flip", ["keyfast"], "This technique is slow because the key function is called exactly once for each input record.", "C"),
    ("causal_added", ["schwartz"], "The Schwartzian transform is not often needed now because it is slower than key functions.", "N"),
    ("causal_added", ["onlylists"], "The list.sort() method is only defined for lists because other iterables cannot be modified in place.", "N"),
    ("degree_added", ["inplace"], "If you don't need the original list, list.sort() is much more efficient than sorted().", "C"),
    ("degree_added", ["cmpcommon"], "Comparison functions are almost always encountered when translating algorithms from other languages.", "N"),
    ("role_swap", ["onlylists"], "The sorted() function is only defined for lists, whereas list.sort() accepts any iterable.", "C"),
    ("role_swap", ["complex"], "To sort the student data by descending grade and then ascending age, do the grade sort first and then sort again using age.", "C"),
    ("outside_fact", ["timsort"], "The Timsort algorithm, designed by Tim Peters in 2002, does multiple sorts efficiently by taking advantage of existing order in a dataset.", "N"),
    ("outside_fact", ["cmptokey"], "Python provides functools.cmp_to_key to wrap a comparison function as a key function, since the cmp parameter was removed in Python 3.", "N"),
    ("wrong_number", ["keyfast"], "This technique is fast because the key function is called exactly twice for each input record.", "C"),
    ("wrong_number", ["index"], "Including the index i in the decorated list gives three benefits.", "C"),
    ("wrong_name", ["operator"], "The functools module has itemgetter(), attrgetter(), and a methodcaller() function.", "C"),
    ("wrong_name", ["gt"], "Note that < can fall back to using __le__() if __lt__() is not implemented.", "C"),
    ("negation_flip", ["external"], "Key functions must depend directly on the objects being sorted.", "C"),
    ("negation_flip", ["index"], "It is strictly necessary in all cases to include the index i in the decorated list.", "C"),
    ("unsupported_generalisation", ["cmpcommon"], "All libraries provide comparison functions as part of their API.", "N"),
    ("unsupported_generalisation", ["keyparam"], "Every Python function that sorts data has a key parameter.", "N"),
]


def main() -> int:
    count: dict[tuple[str, str], int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        tag = "sorting" if doc == S else "security"
        count[(tag, kind)] = count.get((tag, kind), 0) + 1
        return {"id": f"{tag}-{kind}-{count[(tag, kind)]:02d}", "doc": doc, "source": FILES[doc]}

    return build(FILES, P, R, "further3.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
