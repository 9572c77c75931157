"""Build ../further6.jsonl: a sixth untuned check, written before the round that made the model
judge's offline vetoes precise (it studied ../further5.jsonl and the earlier sets), and measured only
before and after that round (see evals/CHECKER.md).

Sources, two documents of different kinds that no earlier row uses:

* ``w3m-story``: "History of w3m" by Akinori Ito (Debian package ``w3m`` 0.5.3+git20230121-2, MIT-style
  licence), /usr/share/doc/w3m/STORY.html: a first-person narrative of how a program came to be and
  how its table renderer works, with versions, sizes, years and the names of other programs;
* ``base-passwd-users``: "Users and Groups in the Debian System" by Joey Hess, Colin Watson and David
  Mandelberg (Debian package ``base-passwd`` 3.6.1, GPL-2), /usr/share/doc/base-passwd/users-and-groups.html:
  a reference list, entry by entry, of system users and groups, their purposes, files and ids, dense
  with lower-case names of users, groups and programs.

Text = ``BeautifulSoup(html, "html.parser").get_text()`` with every whitespace run collapsed to one
space; every passage is checked to be a verbatim substring of it (a passage of the reference list may
open with its entry's heading word, as a chunk of the page does). Run from the repository root:
``python evals/checker_llm/rows_src/further6.py``.
"""
from further_common import build

FILES = {
    "w3m-story": "/usr/share/doc/w3m/STORY.html",
    "base-passwd-users": "/usr/share/doc/base-passwd/users-and-groups.html",
}
W, B = "w3m-story", "base-passwd-users"

P = {
    # History of w3m
    "intro": (W, "W3m is a text-based pager and WWW browser. It is similar application to the famous text-based browser Lynx. However, w3m has several advantages against Lynx."),
    "tables": (W, "For example, W3m can render tables. W3m can render frame (by converting frame into table). As w3m is a pager, it can read document from standard input."),
    "small": (W, "W3m is small. Its stripped binary for Sparc (compiled with gcc -O2, version beta-990217) is only 260kbyte, while binary size of Lynx is beyond 1.8Mbyte."),
    "lynxfeatures": (W, "It is true that Lynx is an excellent browser, who have many features w3m doesn't have. For example, Lynx can handle cookies. Lynx has many options. Lynx is multilingual."),
    "substitute": (W, "I don't intend w3m to be a substitute of any other browsers, including Netscape and Lynx."),
    "why": (W, "Because I felt inconvenient with conventional browsers to `take a look' at web pages. I am browsing web pages in LAN environment. When I want to take a glance at a web page, I don't want to wait to start up Netscape."),
    "startup": (W, "Lynx also takes a few seconds to start up (you can get lynx startup time to almost zero when you rm /etc/mailcap). On the other hand, w3m starts immediately with little load to the host machine."),
    "fm": (W, "w3m was derived from a pager named `fm'. Fm was written before 1991 (I don't remember the exact date) when WWW was not popular. At that time, the word `browser' meant a file browser like `more' or `less'."),
    "fold": (W, "When I looked the file using `more' or `less', one line was folded into several lines and it was very hard to read it. Therefore, I wrote fm, which didn't fold a line. Fm displayed one logical line as one physical line."),
    "mosaic": (W, "Several years later, I got to know WWW and began to use it. I used XMosaic and Chimera. I liked Chimera because it was light."),
    "html": (W, "As I was interested in the mechanism of WWW, I learned HTML and HTTP, and I felt it simpler than I expected. The earlier version of HTTP was very similar to Gopher protocol. HTML 2.0 was simple enough to render."),
    "name": (W, "The name `w3m' was an abbreviation of Japanese phrase `WWW wo miru', which means `see WWW'. It was an inheritance from `fm', which was an abbreviation of `File wo miru'. The first version of w3m was released at the beginning of 1995."),
    "pager": (W, "I had used w3m as a pager to read files, E-mails and online manuals. It was a substitute of less. Sometimes I used w3m as a web browser, but there were many pages w3m couldn't display correctly, most of which used table for page layout."),
    "1998": (W, "It was 1998 when I tried to modify w3m again. There were two reasons. The first is that I had some time to do it. I stayed Boston University as a visiting researcher at that time. The second reason is that I wanted to use table in my personal web page."),
    "reborn": (W, "After taking several months, I finished `fair' table renderer. Then I implemented form into w3m. Finally, w3m was reborn as a practical web browser."),
    "latex": (W, "HTML table rendering is difficult. Tabular environment of LaTeX is not very difficult, which makes the width of a column either a specified value or the maximum width to put items into it."),
    "minwidth": (W, "The minimum width is the lower limit to display the contents. If the column contains the word `internationalization', the minimum width will be 20."),
    "heuristic": (W, "In this process, distributed width is proportion to logarithm of maximum width, but I am not sure that this heuristic is the best. It can be, for example, square root of the maximum width."),
    "inner": (W, "If WIDTH attribute exists there are no problems. Otherwise, w3m assumes that the inner table is 0.8 times as wide as the outer table. It works fine, but if there are two tables side by side in an outer table, the width of the outer table always exceeds the screen width."),
    "boehm": (W, "w3m uses Boehm GC library. This library was written by H. Boehm and A. Demers. I could distribute w3m without this library because one can get the library separately, but I decided to contain it in the w3m distribution for the convenience of an installer."),
    "gc": (W, "Boehm GC is a garbage collector for C and C++. I began to use this library when I implemented table, and it was great. I couldn't implement table and form without this library."),
    "libftp": (W, "Older version than beta-990304 used LIBFTP because I felt tired of writing codes to handle FTP protocol. But I rewrote the FTP code by myself to make w3m completely free. It made w3m slightly smaller."),
    "regexp": (W, "By the way, w3m doesn't use UNIX standard regexp library and curses library. It is because I want to use Japanese. When I wrote fm, there were no free regexp/curses libraries that can treat Japanese."),
    "future": (W, "As w3m's virtues are its small size and rendering speed, adding more features might lose these advantages. On the other hand, w3m is still known to have many bugs, and I will continue fixing them."),
    # Users and Groups in the Debian System
    "bpintro": (B, "The Debian base-passwd package contains the master versions of /etc/passwd and /etc/group. The update-passwd tool keeps the entries in these master files in sync on all Debian systems."),
    "reserve": (B, "Since this reservation is a serious restriction, these ids must be allocated by the base-passwd maintainer on request. In general, packages should avoid requesting such ids where possible and instead allocate system users or groups dynamically."),
    "daemon": (B, "Some unprivileged daemons that need to be able to write to some files on disk run as daemon.daemon (portmap, atd, lambdamoo, mon, and others). Daemons that don't need to own any files sometimes run as nobody.nogroup instead; it is generally better practice to use a dedicated user, and more complex or security-conscious daemons certainly do this."),
    "lsb": (B, "LSB 1.3 lists daemon as legacy, and says: \"The 'daemon' UID/GID was used as an unprivileged UID/GID for daemons to execute under in order to limit their access to the system."),
    "sys": (B, "Historically, the sys user and group owned the kernel sources and some related items like the include files, but this was obsoleted long ago in favour of bin (now itself legacy; see above)."),
    "sync": (B, "The shell of user sync is /bin/sync. Thus, if its password is set to something easy to guess (such as \"\"), anyone can sync the system at the console even if they have no account on the system."),
    "games": (B, "Many games are sgid to games so they can write their high score files. This is explained in Debian Policy."),
    "man": (B, "The man program (sometimes) runs as user man, so it can write cat pages to /var/cache/man and update its databases there."),
    "proxy": (B, "Like daemon, this user and group is used by some daemons (specifically, proxy daemons) that don't have dedicated user ids and that need to own files. For example, group proxy is used by pdnsd, and squid runs as user proxy."),
    "majordom": (B, "Majordomo has a statically allocated uid on Debian systems for historical reasons. It is not installed on new systems."),
    "wwwdata": (B, "Some web servers run as www-data. Web content should not be owned by this user, or a compromised web server would be able to rewrite a web site. Data written out by web servers will be owned by www-data."),
    "operator": (B, "In Debian, the use of a utility such as sudo to gain privilege is preferred over such highly-special-purpose accounts, and the operator user is no longer created by default. It had uid 37."),
    "gnats": (B, "Used by gnats. This had a statically allocated user and group for purely historical reasons (it could equally well use a dynamic system user and group). Since gnats has been removed from Debian, this user and group are no longer created by default; they had uid/gid 41."),
    "nobody": (B, "Daemons that need not own any files sometimes run as user nobody and group nogroup, although using a dedicated user is far preferable. Thus, no files on a system should be owned by this user or group."),
    "messagebus": (B, "messagebus The dbus daemon (dbus-daemon-1) runs as this user and group."),
    "gdm": (B, "gdm GDM (GNOME Display Manager) runs as this user/group."),
    "adm": (B, "Group adm is used for system monitoring tasks. Members of this group can read many log files in /var/log, and can use xconsole. Historically, /var/log was /usr/adm (and later /var/adm), thus the name of the group."),
    "tty": (B, "tty Tty devices and /dev/vcs* are owned by this group. This is used by write and wall to enable them to write to other people's ttys."),
    "disk": (B, "disk Raw access to disks. Mostly equivalent to root access."),
    "kmem": (B, "/dev/kmem and similar files are readable by this group. This is mostly a BSD relic, but any programs that need direct read access to the system's memory can thus be made setgid kmem."),
    "dip": (B, "The group's name stands for \"Dialup IP\". Being in group dip allows you to use tools such as pppd, pon, and poff to make dialup connections to other systems using predefined configuration file(s) in the /etc/ppp/peers directory."),
    "sudo": (B, "sudo Members of this group may run any command as any user when using sudo or pkexec (from the policykit-1 package, independently of whether the sudo package is installed)."),
    "shadow": (B, "shadow /etc/shadow is readable by this group. Some programs that need to be able to access the file are setgid shadow."),
    "utmp": (B, "utmp This group can write to /run/utmp, /var/log/wtmp, /var/log/lastlog, and similar files. Programs that need to be able to write to them (such as X terminal emulators) are setgid utmp."),
    "plugdev": (B, "plugdev Members of this group can access removable devices in limited ways without explicit configuration in /etc/fstab. This is useful for local users who expect to be able to insert and use CDs, USB drives, and so on."),
    "pmount": (B, "Since pmount (the original implementor of group plugdev) always mounts with the nodev and nosuid options and applies other checks, this group is not intended to be root-equivalent in the ways that the ability to mount filesystems might ordinarily allow."),
    "staff": (B, "staff Allows users to add local modifications to the system (/usr/local, /home) without needing root privileges. Compare with group 'adm', which is more related to monitoring/security."),
    "users": (B, "While Debian systems use the user-group system by default (each user has their own group), some prefer to use a more traditional group system. In that system, each user is a member of the 'users' group."),
    "sasl": (B, "sasl Users in this group have read/write access to /etc/sasldb and/or /etc/sasldb2, wich are used to authentication with sasl. This is commonly used by IMAP, POP, and SMTP servers for authentication."),
    "cupsys": (B, "cupsys CUPS (Common Un*x Printing System) runs as this user. It is in group lp, so it can access printer devices."),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    # --- w3m-story: supported
    ("close_paraphrase", ["small"], "W3m is small: its stripped binary for Sparc (compiled with gcc -O2, version beta-990217) is only 260 kbyte, whereas the Lynx binary is over 1.8 Mbyte.", "S"),
    ("close_paraphrase", ["startup"], "Lynx also takes a few seconds to start up, while w3m starts immediately and puts little load on the host machine.", "S"),
    ("close_paraphrase", ["libftp"], "Versions older than beta-990304 used LIBFTP, but the author rewrote the FTP code himself to make w3m completely free, which made it slightly smaller.", "S"),
    ("rewording", ["fold"], "Viewing the file with more or less folded each line into several lines that were very hard to read, so the author wrote fm, which shows every logical line as a single physical line.", "S"),
    ("rewording", ["future"], "Since small size and rendering speed are what make w3m good, piling on features could cost it those strengths; meanwhile it is still known to have many bugs, which the author means to keep fixing.", "S"),
    ("rewording", ["regexp"], "w3m avoids the standard UNIX regexp and curses libraries because its author wants to use Japanese, and when fm was written no free regexp or curses library could handle Japanese.", "S"),
    ("synthesis_two_passages", ["fm", "name"], "w3m grew out of fm, a pager written before 1991, and its name, from the Japanese 'WWW wo miru' (see WWW), echoes fm's 'File wo miru'.", "S"),
    ("synthesis_two_passages", ["boehm", "gc"], "w3m uses the Boehm GC library, a garbage collector for C and C++ written by H. Boehm and A. Demers, without which its author could not have implemented tables and forms.", "S"),
    ("synthesis_two_passages", ["1998", "reborn"], "In 1998, while a visiting researcher at Boston University, the author went back to w3m, and after several months spent on a table renderer and forms it was reborn as a practical web browser.", "S"),
    ("derived_count", ["lynxfeatures"], "The author names three features of Lynx that w3m lacks: cookie handling, many options, and multilingual support.", "S"),
    ("derived_count", ["1998"], "The author gives two reasons for returning to w3m in 1998: he had some time, and he wanted tables in his personal web page.", "S"),
    ("derived_count", ["mosaic"], "The author used two browsers, XMosaic and Chimera, and preferred Chimera because it was light.", "S"),
    ("entity_alias", ["gc"], "The author started using the Boehm collector when he implemented tables, and says he could not have implemented tables and forms without it.", "S"),
    ("entity_alias", ["name"], "The browser's name abbreviates the Japanese phrase 'WWW wo miru', meaning 'see WWW', and its first version came out at the beginning of 1995.", "S"),
    ("entity_alias", ["intro"], "w3m is a text-based pager and web browser similar to Lynx, the famous text-based browser, over which it has several advantages.", "S"),
    ("partial_restatement", ["inner"], "Without a WIDTH attribute, w3m assumes that the inner table is 0.8 times as wide as the outer table.", "S"),
    ("partial_restatement", ["minwidth"], "If a column contains the word 'internationalization', its minimum width will be 20.", "S"),
    ("partial_restatement", ["pager"], "The author had used w3m as a pager to read files, e-mails and online manuals, as a substitute for less.", "S"),
    # --- w3m-story: unsupported
    ("antonym_flip", ["latex"], "HTML table rendering is easy; like the tabular environment of LaTeX, it makes the width of a column either a specified value or the maximum width of its items.", "C"),
    ("antonym_flip", ["libftp"], "Rewriting the FTP code to make w3m completely free made it slightly larger.", "C"),
    ("causal_added", ["substitute"], "The author does not intend w3m to replace other browsers such as Netscape and Lynx, because he considers its table rendering too incomplete.", "N"),
    ("causal_added", ["mosaic"], "Several years later the author got to know the WWW and began using XMosaic and Chimera because his research group required them.", "N"),
    ("degree_added", ["heuristic"], "The author is confident that distributing the width in proportion to the logarithm of the maximum width is the best heuristic.", "C"),
    ("degree_added", ["gc"], "Boehm GC is the fastest garbage collector for C and C++, and the author began to use it when he implemented tables.", "N"),
    ("role_swap", ["name"], "The name 'fm' was an abbreviation of 'WWW wo miru', and 'w3m' was an abbreviation of 'File wo miru'.", "C"),
    ("role_swap", ["startup"], "Lynx starts immediately with little load on the host machine, while w3m takes a few seconds to start up.", "C"),
    ("outside_fact", ["boehm"], "w3m uses the Boehm GC library, which H. Boehm and A. Demers wrote at Xerox PARC.", "N"),
    ("outside_fact", ["1998"], "It was 1998 when the author tried to modify w3m again, while he was at Boston University as a visiting researcher on a government fellowship.", "N"),
    ("wrong_number", ["minwidth"], "If the column contains the word 'internationalization', the minimum width will be 18.", "C"),
    ("wrong_number", ["name"], "The first version of w3m was released at the beginning of 1996.", "C"),
    ("wrong_name", ["fm"], "w3m was derived from a pager named 'pg', written before 1991 when the WWW was not popular.", "C"),
    ("wrong_name", ["mosaic"], "Several years later the author got to know the WWW and used XMosaic and Arena, preferring Arena because it was light.", "C"),
    ("negation_flip", ["regexp"], "w3m uses the standard UNIX regexp and curses libraries.", "C"),
    ("negation_flip", ["tables"], "W3m cannot render frames.", "C"),
    ("unsupported_generalisation", ["future"], "Every feature added to w3m makes it slower to render pages.", "N"),
    ("unsupported_generalisation", ["pager"], "Used as a web browser, w3m could not display any page that used tables for layout.", "N"),
    # --- base-passwd-users: supported
    ("close_paraphrase", ["bpintro"], "The base-passwd package holds the master versions of /etc/passwd and /etc/group, and its update-passwd tool keeps their entries in sync on all Debian systems.", "S"),
    ("close_paraphrase", ["wwwdata"], "Some web servers run as www-data, and web content should not be owned by that user, or a compromised web server could rewrite a web site.", "S"),
    ("close_paraphrase", ["tty"], "Tty devices and /dev/vcs* belong to the tty group, which write and wall use to write to other people's ttys.", "S"),
    ("rewording", ["reserve"], "Because reserving these ids is a serious restriction, they must be requested from the base-passwd maintainer, and packages should generally allocate system users or groups dynamically where they can.", "S"),
    ("rewording", ["nobody"], "Daemons that own no files sometimes run as nobody and nogroup, though a dedicated user is far better, which is why no file on a system should belong to that user or group.", "S"),
    ("rewording", ["operator"], "Debian prefers a tool such as sudo for gaining privilege over highly special-purpose accounts like operator, which is no longer created by default; it used to have uid 37.", "S"),
    ("synthesis_two_passages", ["daemon", "nobody"], "Unprivileged daemons that must write some files on disk run as daemon, while daemons that need not own any files sometimes run as nobody and nogroup, although a dedicated user is far preferable.", "S"),
    ("synthesis_two_passages", ["operator", "gnats"], "Neither the operator user nor the gnats user and group are created by default any more; operator had uid 37 and gnats uid/gid 41.", "S"),
    ("synthesis_two_passages", ["staff", "adm"], "Group adm is for system monitoring and lets its members read many log files in /var/log, whereas staff lets users make local modifications to /usr/local and /home without root privileges.", "S"),
    ("derived_count", ["daemon"], "Four daemons are named as running as daemon.daemon: portmap, atd, lambdamoo and mon.", "S"),
    ("derived_count", ["dip"], "Group dip lets its members use three tools, pppd, pon and poff, to make dialup connections to other systems.", "S"),
    ("derived_count", ["utmp"], "The utmp group can write to three named files, /run/utmp, /var/log/wtmp and /var/log/lastlog, and to similar ones.", "S"),
    ("entity_alias", ["gdm"], "The GNOME Display Manager runs as the gdm user and group.", "S"),
    ("entity_alias", ["cupsys"], "The Common Un*x Printing System runs as the cupsys user, which is in group lp so that it can access printer devices.", "S"),
    ("entity_alias", ["messagebus"], "dbus-daemon-1 runs as the messagebus user and group.", "S"),
    ("partial_restatement", ["kmem"], "/dev/kmem and similar files are readable by the kmem group.", "S"),
    ("partial_restatement", ["majordom"], "Majordomo is not installed on new systems.", "S"),
    ("partial_restatement", ["sasl"], "Users in the sasl group have read/write access to /etc/sasldb and/or /etc/sasldb2.", "S"),
    # --- base-passwd-users: unsupported
    ("antonym_flip", ["plugdev"], "Members of plugdev can access removable devices in unlimited ways without explicit configuration in /etc/fstab.", "C"),
    ("antonym_flip", ["sync"], "If user sync's password is set to something hard to guess, anyone can sync the system at the console even without an account on it.", "C"),
    ("causal_added", ["majordom"], "Majordomo has a statically allocated uid on Debian systems because it was the first mailing list manager packaged for Debian.", "N"),
    ("causal_added", ["games"], "Many games are sgid to games so they can write their high score files, since players could otherwise cheat by editing those files.", "N"),
    ("degree_added", ["disk"], "Raw access to disks through group disk is fully equivalent to root access.", "C"),
    ("degree_added", ["man"], "The man program always runs as user man, so it can write cat pages to /var/cache/man.", "C"),
    ("role_swap", ["proxy"], "For example, group proxy is used by squid, and pdnsd runs as user proxy.", "C"),
    ("role_swap", ["sys"], "Historically, the bin user and group owned the kernel sources and include files, but this was obsoleted long ago in favour of sys.", "C"),
    ("outside_fact", ["wwwdata"], "Some web servers, such as Apache and nginx, run as www-data.", "N"),
    ("outside_fact", ["gnats"], "Since gnats, the GNU bug-tracking system, has been removed from Debian, its user and group are no longer created by default.", "N"),
    ("wrong_number", ["operator"], "The operator user, no longer created by default, had uid 38.", "C"),
    ("wrong_number", ["lsb"], "LSB 1.4 lists daemon as legacy.", "C"),
    ("wrong_name", ["cupsys"], "CUPS runs as the cupsys user, which is in group lpadmin so that it can access printer devices.", "C"),
    ("wrong_name", ["sudo"], "Members of group sudo may run any command as any user when using sudo or doas.", "C"),
    ("negation_flip", ["pmount"], "Because pmount always mounts with the nodev and nosuid options, group plugdev is intended to be root-equivalent.", "C"),
    ("negation_flip", ["nobody"], "Files on a system should be owned by user nobody and group nogroup.", "C"),
    ("unsupported_generalisation", ["users"], "Every Linux distribution uses the user-group system by default, giving each user their own group.", "N"),
    ("unsupported_generalisation", ["shadow"], "Every program that reads /etc/shadow is setgid shadow.", "N"),
]


def main() -> int:
    count: dict[tuple[str, str], int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        tag = "story" if doc == W else "passwd"
        count[(tag, kind)] = count.get((tag, kind), 0) + 1
        return {"id": f"{tag}-{kind}-{count[(tag, kind)]:02d}", "doc": doc, "source": FILES[doc]}

    return build(FILES, P, R, "further6.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
