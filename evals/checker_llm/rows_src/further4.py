"""Build ../further4.jsonl: a fourth untuned check, written before the round of rules that studied
../further3.jsonl and measured only before and after that round (see evals/CHECKER.md).

Sources, two documents no earlier row uses:

* ``handbook-migrate``: *The Debian Administrator's Handbook*, section 3.2 "How To Migrate"
  (Debian package ``debian-handbook`` 11.20220922, GPL-2+ or CC-BY-SA-3.0), as shipped in
  evals/dev/debian-handbook/docs/;
* ``python-logging``: the Python 3.11 "Logging HOWTO" by Vinay Sajip (Debian package
  ``python3.11-doc`` 3.11.2, PSF License), /usr/share/doc/python3.11/html/howto/logging.html.

Text = ``BeautifulSoup(html, "html.parser").get_text()`` with each whitespace run collapsed to one
space; every passage is checked to be a verbatim substring of it. Run from the repository root:
``python evals/checker_llm/rows_src/further4.py``.
"""
from further_common import build

FILES = {
    "handbook-migrate": "evals/dev/debian-handbook/docs/sect.how-to-migrate.html",
    "python-logging": "/usr/share/doc/python3.11/html/howto/logging.html",
}
H, L = "handbook-migrate", "python-logging"

P = {
    # The Debian Administrator's Handbook, 3.2
    "plan": (H, "In order to guarantee continuity of the services, each computer migration must be planned and executed according to the plan. This principle applies regardless of which operating system is used."),
    "survey": (H, "As simple as it seems, this step is essential. A serious administrator truly knows the principal roles of each server, but such roles can change, and sometimes experienced users may have installed “wild” services. Knowing that they exist will at least allow you to decide what to do with them, rather than delete them haphazardly."),
    "inform": (H, "For this purpose, it is wise to inform your users of the project before migrating the server. To involve them in the project, it may be useful to install the most common free software programs on their desktops prior to migration, which they will come across again after the migration to Debian; LibreOffice and the Mozilla suite are the best examples here."),
    "nmap": (H, "The nmap tool (in the package with the same name) will quickly identify Internet services hosted by a network connected machine without even requiring to log in to it. Simply call the following command on another machine connected to the same network:"),
    "ss": (H, "On a Linux machine, the ss -anptu command will show the list of active or pending TCP sessions, as well as UDP ports on which running programs are listening. This facilitates identification of services offered on the network."),
    "ipv6": (H, "Some network commands may work either with IPv4 (the default usually) or with IPv6. These include the nmap and ss commands, but also others, such as route or ip. The convention is that this behavior is enabled by the -6 command-line option."),
    "ps": (H, "The command ps auxw displays a list of all processes with their user identity. By checking this information against the output of the who or w commands, which give a list of logged in users, it is possible to identify rogue or undeclared servers or programs running in the background."),
    "cron": (H, "Looking at crontabs (tables listing automatic actions scheduled by users) will often provide interesting information on functions fulfilled by the server (a complete explanation of cron is available in Section 9.7, “Scheduling Tasks with cron and atd”). In any case, it is essential to backup your servers: this allows recovery of information after the fact, when users will report specific problems due to the migration."),
    "config": (H, "It is wise to retain the configuration of every identified service in order to be able to install the equivalent on the updated server. The bare minimum is to make a backup copy of the configuration files."),
    "etc": (H, "For Unix machines, the configuration files are usually found in /etc/, but they may be located in a sub-directory of /usr/local/. This is the case if a program has been installed from sources, rather than with a package. In some cases, one may also find them under /opt/."),
    "export": (H, "For data managing services (such as databases), it is strongly recommended to export the data to a standard format that will be easily imported by the new software. Such a format is usually in text mode and documented; it may be, for example, an SQL dump for a database, or an LDIF file for an LDAP server."),
    "compare": (H, "Each server software is different, and it is impossible to describe all existing cases in detail. Compare the documentation for the existing and the new software to identify the exportable (thus, re-importable) portions and those which will require manual handling."),
    "version": (H, "The first file to check is /etc/debian_version, which usually contains the version number for the installed Debian system (it is part of the base-files package). If it indicates codename/sid, it means that the system was updated with packages coming from one of the development distributions (either testing or unstable)."),
    "showversions": (H, "The apt-show-versions program (from the Debian package of the same name) checks the list of installed packages and identifies the available versions. aptitude can also be used for these tasks, albeit in a less systematic manner."),
    "sources": (H, "A glance at the /etc/apt/sources.list file (and /etc/apt/sources.list.d/ directory) will show where the installed Debian packages likely came from. If many unknown sources appear, the administrator may choose to completely reinstall the computer's system to ensure optimal compatibility with the software provided by Debian."),
    "forget": (H, "The sources.list file is often a good indicator: the majority of administrators keep, at least in comments, the list of APT sources that were previously used. But you should not forget that sources used in the past might have been deleted, and that some random packages grabbed on the Internet might have been manually installed (with the help of the dpkg command)."),
    "local": (H, "Likewise, it is interesting to analyze the contents of the /usr/local/ directory, whose purpose is to contain programs compiled and installed manually. Listing software installed in this manner is instructive, since this raises questions on the reasons for not using the corresponding Debian package, if such a package exists."),
    "cruft": (H, "The cruft and cruft-ng packages propose to list the available files that are not owned by any package. They have some filters (more or less effective, and more or less up to date) to avoid reporting some legitimate files (files generated by Debian packages, or generated configuration files not managed by dpkg, etc.). Be careful to not blindly delete everything that cruft and cruft-ng might list!"),
    "debsums": (H, "The debsums package allows to check the MD5 hashsum of each file installed by a package against a reference hashsum and can help to determine, which files might have been altered (see TIP Finding changed files)."),
    "arch": (H, "To choose the appropriate version, we must know the computer's architecture. If it is a reasonably recent PC, it is most likely to be amd64 (older PCs were usually i386). In other cases, we can narrow down the possibilities according to the previously used system."),
    "amd64": (H, "Most recent computers have 64 bit Intel or AMD processors, compatible with older 32 bit processors; the software compiled for “i386” architecture thus works. On the other hand, this compatibility mode does not fully exploit the capabilities of these new processors. This is why Debian provides the “amd64” architecture, which works for recent AMD chips as well as Intel “em64t” processors (including most of the Core series), which are very similar to AMD64."),
    # Logging HOWTO
    "intro": (L, "Logging is a means of tracking events that happen when some software runs. The software’s developer adds logging calls to their code to indicate that certain events have occurred."),
    "convenience": (L, "Logging provides a set of convenience functions for simple logging usage. These are debug(), info(), warning(), error() and critical()."),
    "default": (L, "The default level is WARNING, which means that only events of this level and above will be tracked, unless the logging package is configured to do otherwise."),
    "handling": (L, "Events that are tracked can be handled in different ways. The simplest way of handling tracked events is to print them to the console. Another common way is to write them to a disk file."),
    "basicconfig": (L, "The call to basicConfig() should come before any calls to debug(), info(), etc. Otherwise, those functions will call basicConfig() for you with the default options. As it’s intended as a one-off simple configuration facility, only the first call will actually do anything: subsequent calls are effectively no-ops."),
    "percent": (L, "As you can see, merging of variable data into the event description message uses the old, %-style of string formatting. This is for backwards compatibility: the logging package pre-dates newer formatting options such as str.format() and string.Template."),
    "components": (L, "The logging library takes a modular approach and offers several categories of components: loggers, handlers, filters, and formatters. Loggers expose the interface that application code directly uses. Handlers send the log records (created by loggers) to the appropriate destination."),
    "hierarchy": (L, "Each instance has a name, and they are conceptually arranged in a namespace hierarchy using dots (periods) as separators. For example, a logger named ‘scan’ is the parent of loggers ‘scan.text’, ‘scan.html’ and ‘scan.pdf’."),
    "root": (L, "The root of the hierarchy of loggers is called the root logger. That’s the logger used by the functions debug(), info(), warning(), error() and critical(), which just call the same-named method of the root logger."),
    "setlevel": (L, "Logger.setLevel() specifies the lowest-severity log message a logger will handle, where debug is the lowest built-in severity level and critical is the highest built-in severity. For example, if the severity level is INFO, the logger will handle only INFO, WARNING, ERROR, and CRITICAL messages and will ignore DEBUG messages."),
    "exception": (L, "Logger.exception() creates a log message similar to Logger.error(). The difference is that Logger.exception() dumps a stack trace along with it. Call this method only from an exception handler."),
    "propagate": (L, "Child loggers propagate messages up to the handlers associated with their ancestor loggers. Because of this, it is unnecessary to define and configure handlers for all the loggers an application uses. It is sufficient to configure handlers for a top-level logger and create child loggers as needed."),
    "scenario": (L, "As an example scenario, an application may want to send all log messages to a log file, all log messages of error or higher to stdout, and all messages of critical to an email address. This scenario requires three individual handlers where each handler is responsible for sending messages of a specific severity to a specific location."),
    "handlerbase": (L, "Application code should not directly instantiate and use instances of Handler. Instead, the Handler class is a base class that defines the interface that all handlers should have and establishes some default behavior that child classes can use (or override)."),
    "configways": (L, "Programmers can configure logging in three ways: Creating loggers, handlers, and formatters explicitly using Python code that calls the configuration methods listed above. Creating a logging config file and reading it using the fileConfig() function. Creating a dictionary of configuration information and passing it to the dictConfig() function."),
    "configfile": (L, "You can see that the config file approach has a few advantages over the Python code approach, mainly separation of configuration and code and the ability of noncoders to easily modify the logging properties."),
    "dictconfig": (L, "In Python 3.2, a new means of configuring logging has been introduced, using dictionaries to hold configuration information. This provides a superset of the functionality of the config-file-based approach outlined above, and is the recommended configuration method for new applications and deployments."),
    "library": (L, "It is strongly advised that you do not log to the root logger in your library. Instead, use a logger with a unique and easily identifiable name, such as the __name__ for your library’s top-level package or module."),
    "nullhandler": (L, "A do-nothing handler is included in the logging package: NullHandler (since Python 3.1)."),
    "custom": (L, "Defining your own levels is possible, but should not be necessary, as the existing levels have been chosen on the basis of practical experience. However, if you are convinced that you need custom levels, great care should be exercised when doing this, and it is possibly a very bad idea to define custom levels if you are developing a library."),
    "watched": (L, "WatchedFileHandler instances watch the file they are logging to. If the file changes, it is closed and reopened using the file name. This handler is only useful on Unix-like systems; Windows does not support the underlying mechanism used."),
    "rotating": (L, "BaseRotatingHandler is the base class for handlers that rotate log files at a certain point. It is not meant to be instantiated directly. Instead, use RotatingFileHandler or TimedRotatingFileHandler."),
    "raiseexc": (L, "The default value of raiseExceptions is True. This is because during development, you typically want to be notified of any exceptions that occur. It’s advised that you set raiseExceptions to False for production usage."),
    "deferred": (L, "Formatting of message arguments is deferred until it cannot be avoided. However, computing the arguments passed to the logging method can also be expensive, and you may want to avoid doing it if the logger will just throw away your event."),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    # --- handbook-migrate: supported
    ("close_paraphrase", ["nmap"], "The nmap tool, from the package of the same name, quickly identifies the Internet services hosted by a networked machine without even needing to log in to it.", "S"),
    ("close_paraphrase", ["config"], "It is wise to keep the configuration of every identified service so that the equivalent can be installed on the updated server; at a bare minimum, back up the configuration files.", "S"),
    ("close_paraphrase", ["showversions"], "The apt-show-versions program checks the list of installed packages and identifies the available versions, and aptitude can also do this, though less systematically.", "S"),
    ("rewording", ["plan"], "Whatever operating system is involved, every computer migration has to be planned and then carried out according to that plan so that services continue without interruption.", "S"),
    ("rewording", ["export"], "For services that manage data, such as databases, exporting the data to a standard, usually documented text format that the new software can easily import is strongly recommended, for instance an SQL dump for a database or an LDIF file for an LDAP server.", "S"),
    ("rewording", ["local"], "The /usr/local/ directory is meant to hold programs compiled and installed by hand, and listing them is instructive because it raises the question of why the corresponding Debian package, if there is one, was not used.", "S"),
    ("synthesis_two_passages", ["ss", "ipv6"], "The ss -anptu command lists active or pending TCP sessions and the UDP ports that programs listen on, and, like nmap, it can work with IPv6 when given the -6 option.", "S"),
    ("synthesis_two_passages", ["version", "sources"], "When taking over a Debian server, check /etc/debian_version for the installed version and glance at /etc/apt/sources.list to see where the installed packages likely came from.", "S"),
    ("synthesis_two_passages", ["cruft", "debsums"], "The cruft and cruft-ng packages list files that no package owns, while debsums checks each installed file's MD5 hashsum against a reference to help find files that might have been altered.", "S"),
    ("derived_count", ["ipv6"], "Four network commands are named as working with either IPv4 or IPv6: nmap, ss, route and ip.", "S"),
    ("derived_count", ["etc"], "On Unix machines the configuration files can be in three places: /etc/, a sub-directory of /usr/local/, or sometimes /opt/.", "S"),
    ("derived_count", ["version"], "A codename/sid entry means the system was updated with packages from one of the two development distributions, testing or unstable.", "S"),
    ("entity_alias", ["amd64"], "Debian's 64-bit PC architecture works for recent AMD chips as well as Intel em64t processors, including most of the Core series.", "S"),
    ("entity_alias", ["nmap"], "Nmap can identify a machine's Internet services from another computer on the same network, without logging in to that machine.", "S"),
    ("entity_alias", ["survey"], "A serious sysadmin truly knows each server's principal roles, but those roles can change, and experienced users may sometimes have installed “wild” services.", "S"),
    ("partial_restatement", ["amd64"], "The i386 compatibility mode does not fully exploit the capabilities of the new 64 bit processors.", "S"),
    ("partial_restatement", ["compare"], "Comparing the documentation of the existing and the new software identifies which portions can be exported and which will need manual handling.", "S"),
    ("partial_restatement", ["cron"], "In any case, backing up your servers is essential.", "S"),
    # --- handbook-migrate: unsupported
    ("antonym_flip", ["nmap"], "The nmap tool will slowly identify the Internet services hosted by a network connected machine without requiring to log in to it.", "C"),
    ("antonym_flip", ["showversions"], "aptitude can also be used for these tasks, and in a more systematic manner.", "C"),
    ("causal_added", ["sources"], "If many unknown sources appear, the administrator may choose to reinstall the system completely, because unknown sources usually contain malware.", "N"),
    ("causal_added", ["survey"], "Sometimes experienced users may have installed “wild” services because the administrator refused to install them.", "N"),
    ("degree_added", ["export"], "For data managing services such as databases, exporting the data to a standard format is absolutely mandatory.", "N"),
    ("degree_added", ["debsums"], "The debsums package determines exactly which files have been altered.", "N"),
    ("role_swap", ["forget"], "Some random packages grabbed on the Internet might have been deleted, and sources used in the past might have been manually installed with dpkg.", "C"),
    ("role_swap", ["ps"], "The who or w commands display a list of all processes with their user identity, while ps auxw gives a list of logged in users.", "C"),
    ("outside_fact", ["inform"], "LibreOffice, which forked from OpenOffice.org in 2010, and the Mozilla suite are the best examples of common free software to install on users' desktops before migrating.", "N"),
    ("outside_fact", ["arch"], "A reasonably recent PC is most likely to be amd64, an architecture AMD first introduced in 2003.", "N"),
    ("wrong_number", ["amd64"], "Most recent computers have 128 bit Intel or AMD processors, compatible with older 32 bit processors.", "C"),
    ("wrong_number", ["ipv6"], "The convention is that IPv6 behaviour is enabled by the -4 command-line option.", "C"),
    ("wrong_name", ["debsums"], "The debsums package lets you check the SHA-256 hashsum of each installed file against a reference hashsum.", "C"),
    ("wrong_name", ["export"], "Such a format may be, for example, an SQL dump for a database, or a CSV file for an LDAP server.", "C"),
    ("negation_flip", ["nmap"], "The nmap tool identifies the Internet services hosted by a network connected machine, but only after logging in to it.", "C"),
    ("negation_flip", ["cruft"], "The cruft and cruft-ng packages list the available files that are owned by a package.", "C"),
    ("unsupported_generalisation", ["cron"], "Looking at crontabs always reveals every function the server fulfils.", "N"),
    ("unsupported_generalisation", ["arch"], "Every recent PC uses the amd64 architecture.", "N"),
    # --- python-logging: supported
    ("close_paraphrase", ["propagate"], "Child loggers pass messages up to the handlers of their ancestor loggers, so there is no need to define and configure handlers for every logger an application uses.", "S"),
    ("close_paraphrase", ["exception"], "Logger.exception() creates a log message like Logger.error(), except that it also dumps a stack trace, and it should only be called from an exception handler.", "S"),
    ("close_paraphrase", ["handlerbase"], "Application code should not instantiate and use Handler directly; Handler is a base class that defines the interface all handlers should have and sets up default behavior that child classes can use or override.", "S"),
    ("rewording", ["percent"], "Logging merges variable data into messages with the old %-style formatting for backwards compatibility, because the logging package is older than newer options like str.format() and string.Template.", "S"),
    ("rewording", ["basicconfig"], "Only the first call to basicConfig() has any effect, since it is meant as a one-off simple configuration facility; later calls effectively do nothing.", "S"),
    ("rewording", ["raiseexc"], "raiseExceptions defaults to True because during development you usually want to hear about any exceptions that occur, but setting it to False is advised in production.", "S"),
    ("synthesis_two_passages", ["default", "handling"], "Since the default level is WARNING, only events at that level or above are tracked unless logging is configured otherwise, and tracked events are most simply printed to the console or else commonly written to a disk file.", "S"),
    ("synthesis_two_passages", ["library", "nullhandler"], "A library should not log to the root logger but to a logger with a unique, easily identifiable name, and the logging package includes a do-nothing handler called NullHandler, available since Python 3.1.", "S"),
    ("synthesis_two_passages", ["components", "hierarchy"], "Loggers expose the interface that application code uses directly, and each logger has a name, with loggers arranged in a namespace hierarchy separated by dots.", "S"),
    ("derived_count", ["convenience"], "Logging offers five convenience functions for simple usage: debug(), info(), warning(), error() and critical().", "S"),
    ("derived_count", ["components"], "The logging library offers four categories of components: loggers, handlers, filters and formatters.", "S"),
    ("derived_count", ["hierarchy"], "In the example, the logger named 'scan' has three child loggers: 'scan.text', 'scan.html' and 'scan.pdf'.", "S"),
    ("entity_alias", ["root"], "The logger that debug(), info(), warning(), error() and critical() use is the root of the logger hierarchy; these functions just call its same-named methods.", "S"),
    ("entity_alias", ["nullhandler"], "NullHandler, the do-nothing handler, has been part of the logging package since Python 3.1.", "S"),
    ("entity_alias", ["dictconfig"], "The dictionary-based approach, introduced in Python 3.2, is the recommended configuration method for new applications and deployments.", "S"),
    ("partial_restatement", ["watched"], "WatchedFileHandler is only useful on Unix-like systems.", "S"),
    ("partial_restatement", ["deferred"], "Formatting of message arguments is deferred until it cannot be avoided.", "S"),
    ("partial_restatement", ["custom"], "Defining your own levels is possible, but should not be necessary.", "S"),
    # --- python-logging: unsupported
    ("antonym_flip", ["setlevel"], "Logger.setLevel() specifies the highest-severity log message a logger will handle.", "C"),
    ("antonym_flip", ["configfile"], "The config file approach has a few disadvantages compared with the Python code approach, mainly separation of configuration and code.", "C"),
    ("causal_added", ["dictconfig"], "Dictionary-based configuration was introduced in Python 3.2 because config files were considered a security risk.", "N"),
    ("causal_added", ["watched"], "WatchedFileHandler is only useful on Unix-like systems because Windows locks files that are open for writing.", "N"),
    ("degree_added", ["deferred"], "Computing the arguments passed to the logging method is always extremely expensive.", "N"),
    ("degree_added", ["custom"], "Defining custom levels when developing a library is certainly a very bad idea.", "N"),
    ("role_swap", ["components"], "Handlers expose the interface that application code directly uses, and loggers send the log records to the appropriate destination.", "C"),
    ("role_swap", ["exception"], "Logger.error() creates a log message similar to Logger.exception(), but Logger.error() also dumps a stack trace.", "C"),
    ("outside_fact", ["nullhandler"], "A do-nothing handler, NullHandler, was added to the logging package in Python 3.1 at the request of the Django developers.", "N"),
    ("outside_fact", ["intro"], "Logging is a means of tracking events that happen when software runs, and Python's logging module was modelled on Java's log4j.", "N"),
    ("wrong_number", ["scenario"], "This scenario requires four individual handlers, each responsible for sending messages of a specific severity to a specific location.", "C"),
    ("wrong_number", ["dictconfig"], "In Python 3.4, a new means of configuring logging was introduced, using dictionaries to hold configuration information.", "C"),
    ("wrong_name", ["rotating"], "BaseRotatingHandler is not meant to be instantiated directly; use RotatingFileHandler or WatchedFileHandler instead.", "C"),
    ("wrong_name", ["configways"], "Programmers can create a logging config file and read it with the dictConfig() function.", "C"),
    ("negation_flip", ["handlerbase"], "Application code should directly instantiate and use instances of Handler.", "C"),
    ("negation_flip", ["propagate"], "It is necessary to define and configure handlers for all the loggers an application uses.", "C"),
    ("unsupported_generalisation", ["library"], "It is strongly advised that no code should ever log to the root logger.", "N"),
    ("unsupported_generalisation", ["scenario"], "Every application sends all messages of critical to an email address.", "N"),
]


def main() -> int:
    count: dict[tuple[str, str], int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        tag = "logging" if doc == L else "migrate"
        count[(tag, kind)] = count.get((tag, kind), 0) + 1
        return {"id": f"{tag}-{kind}-{count[(tag, kind)]:02d}", "doc": doc, "source": FILES[doc]}

    return build(FILES, P, R, "further4.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
