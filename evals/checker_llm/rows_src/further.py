"""Build ../further.jsonl: labelled rows on a further document, written after the offline rules
were last changed and kept as an untuned check (see ../README.md, "The further document").

Source: The Debian Administrator's Handbook (Debian package ``debian-handbook`` 11.20220922,
GPL-2+ or CC-BY-SA-3.0), sections 1.6 "Lifecycle of a Release" and 1.2 "The Foundation
Documents", as shipped in evals/dev/debian-handbook/docs/. Text = ``BeautifulSoup(html,
"html.parser").get_text()`` with each whitespace run collapsed to one space; every passage is
checked to be a verbatim substring of it. Run from the repository root:
``python evals/checker_llm/rows_src/further.py``.
"""
from further_common import build

DOCS = "evals/dev/debian-handbook/docs"
FILES = {"life": f"{DOCS}/sect.release-lifecycle.html", "found": f"{DOCS}/sect.foundation-documents.html"}

P = {
    "versions": ("life", "The project will simultaneously have three to six different versions of each program, named Experimental, Unstable, Testing, Stable, Oldstable, and even Oldoldstable. Each one corresponds to a different phase in development."),
    "exp1": ("life", "First let us take a look at the particular case of the Experimental distribution: this is a group of Debian packages corresponding to the software currently in development, and not necessarily completed, explaining its name. Not everything passes through this step; some developers add packages here in order to get feedback from more experienced (or braver) users."),
    "exp2": ("life", "It is, thus, a completely isolated distribution, its packages never migrate to another version (except by direct, express intervention of the maintainer or the ftpmasters). It is also not self-contained: only a subset of the existing packages are present in Experimental, and it generally does not include the base system."),
    "mirrors": ("life", "The maintainer then regularly prepares corrected versions, which they upload to the server. Every newly updated package is updated on all Debian mirrors around the world within six hours."),
    "autob": ("life", "The maintainer uploads the package sources (without any precompiled package). The autobuilders take over and automatically compile versions for all supported architectures. Some compilations may fail; the maintainer will then receive a bug report indicating the problem, which is then to be corrected in the next versions."),
    "buildd": ("life", "buildd is the abbreviation of “build daemon”. This program automatically recompiles new versions of Debian packages on the architectures on which it is hosted (cross-compilation is avoided as much as possible). Thus, to produce binaries for the arm64 architecture, the project has arm64 machines available."),
    "criteria": ("life", "Every day a program automatically selects the packages to include in Testing, according to elements guaranteeing a certain level of quality: successful compilation on all officially supported architectures; lack of critical bugs, or, at least fewer than the version currently included in Testing; at least 5 days spent in Unstable, which is usually sufficient time to find and report any serious problems"),
    "notinfall": ("life", "This system is clearly not infallible; critical bugs are regularly found in packages included in Testing. Still, it is generally effective, and Testing poses far fewer problems than Unstable, being for many, a good compromise between stability and novelty."),
    "srm": ("life", "We also have Stable Release Managers, often abbreviated SRM, who manage and select updates for the current stable version of Debian. They systematically include security patches and examine all other proposals for inclusion, on a case by case basis, sent by Debian developers eager to update their package in the stable version."),
    "compromise": ("life", "Since this moment never truly arrives, in practice, Debian must compromise: remove packages whose maintainer has failed to correct bugs on time, or agree to release a distribution with some bugs in the thousands of programs."),
    "freeze": ("life", "During the freeze period, development of the Testing distribution is blocked; no more automatic updates are allowed. Only the Release Managers are then authorized to change packages, according to their own criteria."),
    "revisions": ("life", "After the release of a new stable version, the Stable Release Managers manage all further development (called “revisions”, ex: 10.1, 10.2, 10.3 for version 10). These updates systematically include all security patches."),
    "delays": ("life", "This journey, not without its difficulties, explains the significant delays separating the Debian Stable releases. This contributes, over all, to its reputation for quality."),
    "admins": ("life", "The system administrators, concerned above all about the stability of their servers, don't need the latest and greatest version of GNOME; they can choose Debian Stable, and they will be satisfied."),
    "endusers": ("life", "End users, more interested in the latest versions of GNOME or KDE Plasma than in rock-solid stability, will find Debian Testing to be a good compromise between a lack of serious problems and relatively up-to-date software."),
    "gtk": ("life", "The most visible difference resides in the choice of the graphical library used: GNOME has chosen GTK+ (free software licensed under the LGPL), and the KDE community has selected Qt (a company-backed project, available nowadays both under the GPL and a commercial license)."),
    "lifetime": ("life", "Each Stable release has an expected lifetime of about 5 years and given that releases tend to happen every 2 years, there can be up to 3 supported releases at a given point of time. When a new stable release happens, the former release becomes Oldstable and the one even before becomes Oldoldstable."),
    "lts": ("life", "This Long Term Support (LTS) of Debian releases is a recent initiative: individual contributors and companies joined forces to create the Debian LTS team. Older releases which are no longer supported by the Debian security team fall under the responsibility of this new team."),
    "secteam": ("life", "The Debian security team handles security support in the current Stable release and also in the Oldstable release (but only for as long as is needed to ensure one year of overlap with the current stable release). This amounts roughly to three years of support for each release."),
    "ltsyears": ("life", "The Debian LTS team handles the last (two) years of security support so that each release benefits from at least 5 years of support and so that users can upgrade from version N to N+2, for example, from Debian 9 Stretch to Debian 11 Bullseye."),
    "fun": ("life", "Long Term Support is a difficult commitment to make in Debian because volunteers tend to avoid the work that is not very fun."),
    "june": ("life", "The project started in June 2014: some organizations allowed their employees to contribute part-time to Debian LTS while others preferred to sponsor the project with money so that Debian contributors get paid to do the work that they would not do for free."),
    "freexian": ("life", "Most Debian contributors willing to be paid to work on LTS got together to create a clear sponsorship offer managed by Freexian (Raphaël Hertzog's company):"),
    "volunteers": ("life", "In the Debian LTS team, the volunteers work on packages they care about while the paid contributors prioritize packages used by their sponsors."),
    "majority": ("found", "The development process is constantly debated, but these Foundation Documents are widely supported and consensual, and thus rarely change. The Debian constitution also offers other guarantees for their stability: a three-quarter qualified majority is required to approve any amendment."),
    "bugs": ("found", "Debian is not perfect, and, there will be new problems to fix every day. Debian will keep its entire bug report database open for public view at all times."),
}

# (kind, passage keys, sentence, verdict: S supported, N not supported, C contradicted)
R = [
    ("close_paraphrase", ["versions"], "The project simultaneously maintains three to six different versions of each program: Experimental, Unstable, Testing, Stable, Oldstable and even Oldoldstable.", "S"),
    ("close_paraphrase", ["mirrors"], "Every newly updated package reaches all Debian mirrors around the world within six hours.", "S"),
    ("close_paraphrase", ["freeze"], "During the freeze, development of Testing is blocked and no more automatic updates are allowed.", "S"),
    ("close_paraphrase", ["admins"], "System administrators, concerned above all with the stability of their servers, can choose Debian Stable and will be satisfied.", "S"),
    ("rewording", ["exp2"], "Packages in Experimental never move to another version unless the maintainer or the ftpmasters intervene directly.", "S"),
    ("rewording", ["notinfall"], "The selection system is not infallible, since critical bugs regularly turn up in Testing packages, but it is generally effective.", "S"),
    ("rewording", ["fun"], "Long Term Support is hard for Debian to commit to, because volunteers tend to steer clear of work that isn't much fun.", "S"),
    ("rewording", ["endusers"], "Debian Testing suits end users who care more about recent GNOME or KDE Plasma versions than about rock-solid stability, offering a good compromise between few serious problems and fairly up-to-date software.", "S"),
    ("synthesis_two_passages", ["srm", "revisions"], "The Stable Release Managers, often abbreviated SRM, manage the revisions of a stable version, such as 10.1, 10.2 and 10.3 for version 10, and systematically include security patches.", "S"),
    ("synthesis_two_passages", ["lifetime", "secteam"], "Stable releases come about every 2 years and are expected to live about 5 years, while the Debian security team covers roughly three years of support for each release.", "S"),
    ("synthesis_two_passages", ["lts", "june"], "The Debian LTS team, created by individual contributors and companies joining forces, started in June 2014.", "S"),
    ("synthesis_two_passages", ["autob", "buildd"], "Autobuilders compile the uploaded sources for all supported architectures; the build daemon, buildd, avoids cross-compilation as much as possible.", "S"),
    ("derived_count", ["versions"], "Six version names are listed, from Experimental to Oldoldstable.", "S"),
    ("derived_count", ["gtk"], "The most visible difference between the two desktops is their graphical library: GTK+ for GNOME and Qt for KDE.", "S"),
    ("derived_count", ["revisions"], "Three example revisions are given for version 10.", "S"),
    ("derived_count", ["majority"], "Any amendment to the Foundation Documents needs a qualified majority of 75%.", "S"),
    ("derived_count", ["ltsyears"], "LTS lets users upgrade two versions at a time, for example from Debian 9 Stretch to Debian 11 Bullseye.", "S"),
    ("entity_alias", ["srm"], "The SRM select updates for the current stable version of Debian.", "S"),
    ("entity_alias", ["lts"], "The LTS team was formed by individual contributors and companies joining forces.", "S"),
    ("entity_alias", ["buildd"], "The build daemon automatically recompiles new versions of Debian packages on the architectures where it is hosted.", "S"),
    ("entity_alias", ["freexian"], "Raphaël Hertzog's company manages the sponsorship offer created by Debian contributors willing to be paid for LTS work.", "S"),
    ("partial_restatement", ["criteria"], "A package must spend at least 5 days in Unstable to be selected for Testing.", "S"),
    ("partial_restatement", ["compromise"], "In practice, Debian must compromise, for instance by removing packages whose maintainer failed to correct bugs on time.", "S"),
    ("partial_restatement", ["delays"], "The difficult journey of a package explains the significant delays separating Debian Stable releases.", "S"),
    ("antonym_flip", ["notinfall"], "Testing poses far more problems than Unstable.", "C"),
    ("antonym_flip", ["delays"], "This journey explains the short delays separating the Debian Stable releases.", "C"),
    ("antonym_flip", ["fun"], "Long Term Support is a difficult commitment to make in Debian because volunteers tend to seek out the work that is not very fun.", "C"),
    ("causal_added", ["mirrors"], "Because the maintainer regularly uploads corrected versions, every updated package reaches all Debian mirrors within six hours.", "N"),
    ("causal_added", ["june"], "The project started in June 2014 because the Debian security team could no longer support older releases.", "N"),
    ("causal_added", ["freeze"], "Development of the Testing distribution is blocked during the freeze because too many new bugs appeared in earlier releases.", "N"),
    ("degree_added", ["notinfall"], "Testing is always a good compromise between stability and novelty.", "N"),
    ("degree_added", ["secteam"], "The Debian security team guarantees exactly three years of support for each release.", "N"),
    ("degree_added", ["autob"], "Compilations on the autobuilders frequently fail.", "N"),
    ("role_swap", ["srm"], "Debian developers manage and select updates for the current stable version, and the Stable Release Managers send them proposals for inclusion.", "C"),
    ("role_swap", ["volunteers"], "In the Debian LTS team, the paid contributors work on packages they care about while the volunteers prioritize packages used by their sponsors.", "C"),
    ("role_swap", ["lifetime"], "When a new stable release happens, the former release becomes Oldoldstable and the one even before becomes Oldstable.", "C"),
    ("outside_fact", ["buildd"], "To produce binaries for the arm64 architecture, the project uses arm64 machines hosted at universities.", "N"),
    ("outside_fact", ["gtk"], "GNOME has chosen GTK+, a library originally written for the GIMP image editor.", "N"),
    ("wrong_number", ["mirrors"], "Every newly updated package is updated on all Debian mirrors around the world within twelve hours.", "C"),
    ("wrong_number", ["lifetime"], "Each Stable release has an expected lifetime of about 5 years, and releases tend to happen every 3 years.", "C"),
    ("wrong_name", ["gtk"], "GNOME has chosen GTK+, free software licensed under the MPL.", "C"),
    ("wrong_name", ["freexian"], "Debian contributors willing to be paid to work on LTS created a sponsorship offer managed by Collabora.", "C"),
    ("negation_flip", ["bugs"], "Debian will not keep its bug report database open for public view at all times.", "C"),
    ("negation_flip", ["exp2"], "Experimental is self-contained: it generally includes the base system.", "C"),
    ("unsupported_generalisation", ["exp1"], "Every package passes through Experimental so that developers get feedback from more experienced users.", "C"),
    ("unsupported_generalisation", ["endusers"], "Debian Testing is the best choice for every kind of user.", "N"),
]

def main() -> int:
    count: dict[str, int] = {}

    def label(doc: str, kind: str) -> dict[str, str]:
        count[kind] = count.get(kind, 0) + 1
        return {"id": f"handbook-{kind}-{count[kind]:02d}", "doc": "debian-handbook", "source": FILES[doc]}

    return build(FILES, P, R, "further.jsonl", label)


if __name__ == "__main__":
    raise SystemExit(main())
