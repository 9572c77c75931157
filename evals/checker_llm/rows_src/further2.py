"""Build ../further2.jsonl: a second untuned check, written before the rules that followed the first
one (../further.jsonl) and measured only before and after that round (see evals/CHECKER.md).

Sources, two documents no earlier row uses:

* ``handbook-compromise``: *The Debian Administrator's Handbook*, section 14.7 "Dealing with a
  Compromised Machine" (Debian package ``debian-handbook`` 11.20220922, GPL-2+ or CC-BY-SA-3.0),
  as shipped in evals/dev/debian-handbook/docs/;
* ``python-sockets``: the Python 3.11 "Socket Programming HOWTO" by Gordon McMillan (Debian
  package ``python3.11-doc`` 3.11.2, PSF License), /usr/share/doc/python3.11/html/howto/sockets.html.

Text = ``BeautifulSoup(html, "html.parser").get_text()`` with each whitespace run collapsed to one
space; every passage is checked to be a verbatim substring of it. Run from the repository root:
``python evals/checker_llm/rows_src/further2.py``.
"""
from further_common import build

FILES = {
    "handbook-compromise": "evals/dev/debian-handbook/docs/sect.dealing-with-compromised-machine.html",
    "python-sockets": "/usr/share/doc/python3.11/html/howto/sockets.html",
}
H, S = "handbook-compromise", "python-sockets"

P = {
    # The Debian Administrator's Handbook, 14.7
    "detect": (H, "The first step of reacting to cracking is to be aware of such an act. This is not self-evident, especially without an adequate monitoring infrastructure. Cracking acts are often not detected until they have direct consequences on the legitimate services hosted on the machine, such as connections slowing down, some users being unable to connect, or any other kind of malfunction."),
    "process": (H, "This is usually the time when they discover an unusual process, for instance, one named apache instead of the standard /usr/sbin/apache2. If we follow that example, the thing to do is to note its process identifier, and check /proc/pid/exe to see what program this process is currently running:"),
    "network": (H, "In any but the most exotic cases, the cracking comes from the network, and the attacker needs a working network to reach their targets (access confidential data, share illegal files, hide their identity by using the machine as a relay, and so on). Unplugging the computer from the network will prevent the attacker from reaching these targets, if they haven't managed to do so yet. This may only be possible if the server is physically accessible."),
    "remote": (H, "When the server is hosted in a hosting provider's data center halfway across the country, or if the server is not accessible for any other reason, it is usually a good idea to start by gathering some important information (see Section 14.7.3, “Keeping Everything that Could Be Used as Evidence”, Section 14.7.5, “Forensic Analysis” and Section 14.7.6, “Reconstituting the Attack Scenario”), then isolating that server as much as possible by shutting down as many services as possible (usually, everything but sshd). This case is still awkward, since one can't rule out the possibility of the attacker having SSH access like the administrator has; this makes it harder to “clean” the machines."),
    "evidence": (H, "Understanding the attack and/or engaging legal action against the attackers requires taking copies of all the important elements; this includes the contents of the hard disk, a list of all running processes, and a list of all open connections. The contents of the RAM could also be used, but it is rarely used in practice."),
    "checks": (H, "In the heat of action, administrators are often tempted to perform many checks on the compromised machine; this is usually not a good idea. Every command is potentially subverted and can erase pieces of evidence. The checks should be restricted to the minimal set (netstat -tupan for network connections, ps auxf for a list of processes, ls -alR /proc/[0-9]* for a little more information on running programs), and every performed check should carefully be written down."),
    "hot": (H, "While it may seem tempting to analyze the system as it runs, especially when the server is not physically reachable, this is best avoided: quite simply you can't trust the programs currently installed on the compromised system. It is quite possible for a subverted ps command to hide some processes, or for a subverted ls to hide files; sometimes even the kernel is compromised!"),
    "image": (H, "Once the “dynamic” elements have been saved, the next step is to store a complete image of the hard-disk. Making such an image is impossible if the filesystem is still evolving, which is why it must be remounted read-only. The simplest solution is often to halt the server brutally (after running sync) and reboot it on a rescue CD."),
    "dd": (H, "Each partition should be copied with a tool such as dd; these images can be sent to another server (possibly with the very convenient nc tool). Another possibility may be even simpler: just get the disk out of the machine and replace it with a new one that can be reformatted and reinstalled."),
    "reinstall": (H, "The server should not be brought back on line without a complete reinstallation. If the compromise was severe (if administrative privileges were obtained), there is almost no other way to be sure that we get rid of everything the attacker may have left behind (particularly backdoors). Of course, all the latest security updates must also be applied so as to plug the vulnerability used by the attacker."),
    "remoteinstall": (H, "Reinstalling a remote server is not always easy; it may involve assistance from the hosting company, because not all such companies provide automated reinstallation systems or remote consoles (although these cases should be rare). Care should be taken not to reinstall the machine from backups taken later than the compromise. Ideally, only data should be restored, the actual software should be reinstalled from the installation media."),
    "mount": (H, "When mounting these images, care should be taken to use the ro,nodev,noexec,noatime options so as to avoid changing the contents (including timestamps of access to files) or running compromised programs by mistake."),
    "retrace": (H, "Retracing an attack scenario usually involves looking for everything that was modified and executed: .bash_history files often provide for a very interesting read; so does listing files that were recently created, modified or accessed; the strings command helps identifying programs installed by the attacker, by extracting text strings from a binary; the log files in /var/log/ often allow reconstructing a chronology of events; special-purpose tools also allow restoring the contents of potentially deleted files, including log files that attackers often delete."),
    "sleuth": (H, "Some of these operations can be made easier with specialized software. In particular, the sleuthkit package provides many tools to analyze a filesystem. Their use is made easier by the Autopsy Forensic Browser graphical interface (in the autopsy package)."),
    "live": (H, "Some Linux distributions have a \"live install\" image and contain many programs for forensic analysis, such as Kali Linux (see Section A.8, “Kali Linux”), with its forensic mode, BlackArchLinux, and the commercial Grml-Forensic, based on Grml (see Section A.6, “Grml”)."),
    "bd": (H, "Indeed, a bd file was found in /tmp/. Running strings /mnt/tmp/bd returns, among other strings, PsychoPhobia Backdoor is starting.... This really looks like a backdoor. Some time later, this access was used to download, install and run an IRC bot that connected to an underground IRC network. The bot could then be controlled via this protocol and instructed to download files for sharing."),
    "videos": (H, "These traces show that two video files have been stored on the server by way of the 82.50.72.202 IP address. In parallel, the attacker also downloaded a pair of extra files, /tmp/pt and /tmp/loginx."),
    "suid": (H, "These look like programs exploiting local vulnerabilities to obtain administrative privileges. Did they reach their target? In this case, probably not, since no files seem to have been modified after the initial breach."),
    "threedays": (H, "In this example, the whole intrusion has been reconstructed, and it can be deduced that the attacker has been able to take advantage of the compromised system for about three days; but the most important element in the analysis is that the vulnerability has been identified, and the administrator can be sure that the new installation really does fix the vulnerability."),
    # Socket Programming HOWTO
    "abstract": (S, "Sockets are used nearly everywhere, but are one of the most severely misunderstood technologies around. This is a 10,000 foot overview of sockets. It’s not really a tutorial - you’ll still have work to do in getting things operational."),
    "inet": (S, "I’m only going to talk about INET (i.e. IPv4) sockets, but they account for at least 99% of the sockets in use. And I’ll only talk about STREAM (i.e. TCP) sockets - unless you really know what you’re doing (in which case this HOWTO isn’t for you!), you’ll get better behavior and performance from a STREAM socket than anything else."),
    "clientserver": (S, "So first, let’s make a distinction between a “client” socket - an endpoint of a conversation, and a “server” socket, which is more like a switchboard operator. The client application (your browser, for example) uses “client” sockets exclusively; the web server it’s talking to uses both “server” sockets and “client” sockets."),
    "history": (S, "Of the various forms of IPC, sockets are by far the most popular. On any given platform, there are likely to be other forms of IPC that are faster, but for cross-platform communication, sockets are about the only game in town. They were invented in Berkeley as part of the BSD flavor of Unix. They spread like wildfire with the internet."),
    "ports": (S, "A second thing to note: low number ports are usually reserved for “well known” services (HTTP, SNMP etc). If you’re playing around, use a nice high number (4 digits). Finally, the argument to listen tells the socket library that we want it to queue up as many as 5 connect requests (the normal max) before refusing outside connections."),
    "loop": (S, "There’s actually 3 general ways in which this loop could work - dispatching a thread to handle clientsocket, create a new process to handle clientsocket, or restructure this app to use non-blocking sockets, and multiplex between our “server” socket and any active clientsockets using select. More about that later."),
    "serverdoes": (S, "The important thing to understand now is this: this is all a “server” socket does. It doesn’t send any data. It doesn’t receive any data. It just produces “client” sockets."),
    "ipc": (S, "If you need fast IPC between two processes on one machine, you should look into pipes or shared memory. If you do decide to use AF_INET sockets, bind the “server” socket to 'localhost'. On most platforms, this will take a shortcut around a couple of layers of network code and be quite a bit faster."),
    "flush": (S, "The latter is the way Java presents its sockets. I’m not going to talk about it here, except to warn you that you need to use flush on sockets. These are buffered “files”, and a common mistake is to write something, and then read for a reply. Without a flush in there, you may wait forever for the reply, because the request may still be in your output buffer."),
    "zero": (S, "When a recv returns 0 bytes, it means the other side has closed (or is in the process of closing) the connection. You will not receive any more data on this connection. Ever. You may be able to send data successfully; I’ll talk more about this later."),
    "http": (S, "A protocol like HTTP uses a socket for only one transfer. The client sends a request, then reads a reply. That’s it. The socket is discarded. This means that a client can detect the end of the reply by receiving 0 bytes."),
    "chunk": (S, "If you decide to go the delimited route, you’ll be receiving in some arbitrary chunk size, (4096 or 8192 is frequently a good match for network buffer sizes), and scanning what you’ve received for a delimiter."),
    "prefix": (S, "Prefixing the message with its length (say, as 5 numeric characters) gets more complex, because (believe it or not), you may not get all 5 characters in one recv. In playing around, you’ll get away with it; but in high network loads, your code will very quickly break unless you use two recv loops - the first to determine the length, the second to get the data part of the message. Nasty."),
    "endian": (S, "The major problem is that not all machines use the same formats for binary data. For example, network byte order is big-endian, with the most significant byte first, so a 16 bit integer with the value 1 would be the two hex bytes 00 01. However, most common processors (x86/AMD64, ARM, RISC-V), are little-endian, with the least significant byte first - that same 1 would be 01 00."),
    "ntohl": (S, "Socket libraries have calls for converting 16 and 32 bit integers - ntohl, htonl, ntohs, htons where “n” means network and “h” means host, “s” means short and “l” means long. Where network order is host order, these do nothing, but where the machine is byte-reversed, these swap the bytes around appropriately."),
    "ascii": (S, "In these days of 64-bit machines, the ASCII representation of binary data is frequently smaller than the binary representation. That’s because a surprising amount of the time, most integers have the value 0, or maybe 1. The string \"0\" would be two bytes, while a full 64-bit integer would be 8."),
    "shutdown": (S, "Strictly speaking, you’re supposed to use shutdown on a socket before you close it. The shutdown is an advisory to the socket at the other end."),
    "closesame": (S, "Most socket libraries, however, are so used to programmers neglecting to use this piece of etiquette that normally a close is the same as shutdown(); close(). So in most situations, an explicit shutdown is not needed."),
    "gc": (S, "Python takes the automatic shutdown a step further, and says that when a socket is garbage collected, it will automatically do a close if it’s needed. But relying on this is a very bad habit. If your socket just disappears without doing a close, the socket at the other end may hang indefinitely, thinking you’re just being slow. Please close your sockets when you’re done."),
    "kill": (S, "Do not try to kill the thread - part of the reason that threads are more efficient than processes is that they avoid the overhead associated with the automatic recycling of resources. In other words, if you do manage to kill the thread, your whole process is likely to be screwed up."),
    "setblocking": (S, "In Python, you use socket.setblocking(False) to make it non-blocking. In C, it’s more complex, (for one thing, you’ll need to choose between the BSD flavor O_NONBLOCK and the almost indistinguishable POSIX flavor O_NDELAY, which is completely different from TCP_NODELAY), but it’s the exact same idea. You do this after creating the socket, but before using it."),
    "select": (S, "In C, coding select is fairly complex. In Python, it’s a piece of cake, but it’s close enough to the C version that if you understand select in Python, you’ll have little trouble with it in C:"),
    "selectlists": (S, "You pass select three lists: the first contains all sockets that you might want to try reading; the second all the sockets you might want to try writing to, and the last (normally left empty) those that you want to check for errors. You should note that a socket can go into more than one list."),
    "timeout": (S, "The select call is blocking, but you can give it a timeout. This is generally a sensible thing to do - give it a nice long timeout (say a minute) unless you have good reason to do otherwise. In return, you will get three lists."),
    "windows": (S, "Portability alert: On Unix, select works both with the sockets and files. Don’t try this on Windows. On Windows, select works with sockets only. Also note that in C, many of the more advanced socket options are done differently on Windows. In fact, on Windows I usually use threads (which work very, very well) with my sockets."),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    # --- handbook-compromise: supported
    ("close_paraphrase", ["detect"], "Cracking is often not detected until it has direct consequences on the legitimate services hosted on the machine, such as slow connections or users being unable to connect.", "S"),
    ("close_paraphrase", ["reinstall"], "The server should not be put back online without a complete reinstallation.", "S"),
    ("close_paraphrase", ["mount"], "When mounting the disk images, the ro,nodev,noexec,noatime options should be used to avoid changing their contents or running compromised programs by mistake.", "S"),
    ("rewording", ["checks"], "Running lots of checks on a compromised machine in the heat of the moment is usually a bad idea, because any command may have been subverted and could wipe out evidence.", "S"),
    ("rewording", ["hot"], "Analysing the system while it is running is best avoided, since the programs installed on the compromised system cannot be trusted.", "S"),
    ("rewording", ["evidence"], "The contents of the RAM could also serve as evidence, though in practice they are seldom used.", "S"),
    ("synthesis_two_passages", ["image", "dd"], "Once the dynamic elements are saved, a complete image of the hard disk should be stored, with each partition copied using a tool such as dd.", "S"),
    ("synthesis_two_passages", ["network", "remote"], "Unplugging a compromised server from the network stops the attacker from reaching their targets, but when the server sits in a hosting provider's data center far away, it is better to gather important information first and then shut down as many services as possible.", "S"),
    ("synthesis_two_passages", ["bd", "videos"], "A file that looks like a backdoor was found in /tmp/ and the access was later used to run an IRC bot; two video files ended up stored on the server via the 82.50.72.202 IP address.", "S"),
    ("derived_count", ["evidence"], "Three kinds of important elements need to be copied: the contents of the hard disk, the list of running processes and the list of open connections.", "S"),
    ("derived_count", ["videos"], "Besides the videos, the attacker downloaded two extra files, /tmp/pt and /tmp/loginx.", "S"),
    ("derived_count", ["live"], "Three distributions with forensic tools are named: Kali Linux, BlackArchLinux and Grml-Forensic.", "S"),
    ("entity_alias", ["sleuth"], "Autopsy, a graphical interface, makes the sleuthkit's filesystem analysis tools easier to use.", "S"),
    ("entity_alias", ["live"], "Kali, with its forensic mode, is one of the live distributions that contain many programs for forensic analysis.", "S"),
    ("entity_alias", ["remote"], "Even then the situation stays awkward, because the attacker may have SSH access just as the admin does.", "S"),
    ("partial_restatement", ["reinstall"], "All the latest security updates must also be applied to plug the vulnerability the attacker used.", "S"),
    ("partial_restatement", ["retrace"], "The log files in /var/log/ often allow a chronology of events to be reconstructed.", "S"),
    ("partial_restatement", ["remoteinstall"], "Ideally only data should be restored, while the software itself is reinstalled from the installation media.", "S"),
    # --- handbook-compromise: unsupported
    ("antonym_flip", ["evidence"], "The contents of the RAM are frequently used in practice.", "C"),
    ("antonym_flip", ["dd"], "Another possibility may be even more complicated: take the disk out of the machine and replace it with a new one.", "C"),
    ("causal_added", ["videos"], "Because the attacker had obtained administrative privileges, two video files were stored on the server.", "N"),
    ("causal_added", ["detect"], "Cracking acts often go undetected because most administrators lack a monitoring infrastructure.", "N"),
    ("degree_added", ["reinstall"], "If the compromise was severe, a complete reinstallation is the only way to be absolutely sure that the attacker's backdoors are gone.", "N"),
    ("degree_added", ["retrace"], ".bash_history files always reveal exactly what the attacker executed.", "N"),
    ("role_swap", ["bd"], "The IRC bot controlled the underground IRC network and instructed it to download files for sharing.", "C"),
    ("role_swap", ["live"], "Grml is based on the commercial Grml-Forensic.", "C"),
    ("outside_fact", ["sleuth"], "The sleuthkit package, originally written by Brian Carrier, provides many tools to analyze a filesystem.", "N"),
    ("outside_fact", ["threedays"], "The attacker took advantage of the compromised system for about three days before the hosting provider noticed the intrusion.", "N"),
    ("wrong_number", ["threedays"], "The attacker was able to take advantage of the compromised system for about a week.", "C"),
    ("wrong_number", ["videos"], "Three video files were stored on the server by way of the 82.50.72.202 IP address.", "C"),
    ("wrong_name", ["process"], "A typical sign is an unusual process named nginx instead of the standard /usr/sbin/apache2.", "C"),
    ("wrong_name", ["dd"], "The partition images can be sent to another server, possibly with the very convenient rsync tool.", "C"),
    ("negation_flip", ["suid"], "These programs reached their target, since files were modified after the initial breach.", "C"),
    ("negation_flip", ["reinstall"], "The server can be brought back on line without a complete reinstallation.", "C"),
    ("unsupported_generalisation", ["network"], "Cracking always comes from the network.", "N"),
    ("unsupported_generalisation", ["detect"], "No cracking act can be detected without an adequate monitoring infrastructure.", "N"),
    # --- python-sockets: supported
    ("close_paraphrase", ["clientserver"], "The client application, your browser for example, uses “client” sockets exclusively, while the web server it talks to uses both “server” and “client” sockets.", "S"),
    ("close_paraphrase", ["zero"], "When recv returns 0 bytes, the other side has closed, or is closing, the connection, and no more data will be received on it.", "S"),
    ("close_paraphrase", ["ipc"], "For fast IPC between two processes on one machine, you should look into pipes or shared memory.", "S"),
    ("rewording", ["history"], "Sockets were invented in Berkeley as part of BSD Unix and spread like wildfire along with the internet.", "S"),
    ("rewording", ["gc"], "Relying on Python to close a socket automatically when it is garbage collected is a very bad habit; close your sockets yourself when you are done.", "S"),
    ("rewording", ["kill"], "You should not try to kill the thread, since doing so is likely to mess up your whole process.", "S"),
    ("synthesis_two_passages", ["shutdown", "closesame"], "Strictly speaking you should call shutdown before closing a socket, but most socket libraries treat a close as shutdown followed by close, so an explicit shutdown is usually unnecessary.", "S"),
    ("synthesis_two_passages", ["http", "zero"], "HTTP uses a socket for a single transfer, so the client detects the end of the reply by receiving 0 bytes, which means the other side has closed the connection.", "S"),
    ("synthesis_two_passages", ["selectlists", "timeout"], "You pass select three lists, for reading, writing and errors, and it is sensible to give it a nice long timeout such as a minute.", "S"),
    ("derived_count", ["loop"], "There are three general ways to structure the server's main loop: a thread per client socket, a new process per client socket, or non-blocking sockets multiplexed with select.", "S"),
    ("derived_count", ["ntohl"], "Socket libraries offer four calls for converting 16 and 32 bit integers: ntohl, htonl, ntohs and htons.", "S"),
    ("derived_count", ["endian"], "Three families of common processors are named as little-endian: x86/AMD64, ARM and RISC-V.", "S"),
    ("entity_alias", ["inet"], "The HOWTO only covers IPv4 sockets, which account for at least 99% of the sockets in use.", "S"),
    ("entity_alias", ["inet"], "Unless you really know what you are doing, TCP sockets will give you better behavior and performance than anything else.", "S"),
    ("entity_alias", ["ntohl"], "In htonl, the “h” stands for host, the “n” for network and the “l” for long.", "S"),
    ("partial_restatement", ["prefix"], "In high network loads, code that prefixes messages with their length will very quickly break unless it uses two recv loops.", "S"),
    ("partial_restatement", ["chunk"], "A chunk size of 4096 or 8192 is frequently a good match for network buffer sizes.", "S"),
    ("partial_restatement", ["ascii"], "On 64-bit machines, the ASCII representation of binary data is frequently smaller than the binary representation.", "S"),
    # --- python-sockets: unsupported
    ("antonym_flip", ["select"], "In C, coding select is fairly simple.", "C"),
    ("antonym_flip", ["windows"], "On Windows the author usually uses threads, which work very poorly with sockets.", "C"),
    ("causal_added", ["history"], "Sockets became the most popular form of IPC because they are faster than the other forms on any given platform.", "C"),
    ("causal_added", ["ports"], "Low number ports are reserved for well-known services because binding them requires root privileges.", "N"),
    ("degree_added", ["ipc"], "Binding the server socket to 'localhost' makes AF_INET sockets dramatically faster on every platform.", "N"),
    ("degree_added", ["closesame"], "An explicit shutdown is never needed.", "N"),
    ("role_swap", ["clientserver"], "The web server uses “client” sockets exclusively, while the browser uses both “server” and “client” sockets.", "C"),
    ("role_swap", ["endian"], "Network byte order is little-endian, while most common processors are big-endian.", "C"),
    ("outside_fact", ["history"], "Sockets were invented in Berkeley in 1983 as part of the BSD flavor of Unix.", "N"),
    ("outside_fact", ["setblocking"], "In Python you use socket.setblocking(False) to make a socket non-blocking, which is also what asyncio does internally.", "N"),
    ("wrong_number", ["ports"], "The argument to listen asks the socket library to queue up as many as 10 connect requests before refusing outside connections.", "C"),
    ("wrong_number", ["prefix"], "Prefixing the message with its length, say as 4 numeric characters, gets more complex.", "C"),
    ("wrong_name", ["flush"], "Transforming the socket into a file-like object is the way C# presents its sockets.", "C"),
    ("wrong_name", ["windows"], "On Unix, select works with both sockets and files, but on macOS it works with sockets only.", "C"),
    ("negation_flip", ["serverdoes"], "A “server” socket sends and receives data as well as producing “client” sockets.", "C"),
    ("negation_flip", ["zero"], "After a recv returns 0 bytes, you can still receive more data on that connection.", "C"),
    ("unsupported_generalisation", ["abstract"], "Sockets are misunderstood by every programmer who uses them.", "N"),
    ("unsupported_generalisation", ["inet"], "STREAM sockets give better behavior and performance than any other kind of socket in every situation.", "N"),
]

def main() -> int:
    count: dict[tuple[str, str], int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        tag = "sockets" if doc == S else "compromise"
        count[(tag, kind)] = count.get((tag, kind), 0) + 1
        return {"id": f"{tag}-{kind}-{count[(tag, kind)]:02d}", "doc": doc, "source": FILES[doc]}

    return build(FILES, P, R, "further2.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
