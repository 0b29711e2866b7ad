"""`python -m kompas …`: parse the arguments, call one library function, print the result.

Errors are one Dutch line on stderr with a non-zero exit: 1 for a problem with the store or
the data, 2 for arguments that are not understood.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from kompas.access import accounts
from kompas.store import audit, backup, catalog, indicators, reviews, permissions, toc
from kompas.cli import method as cli_method, raad as cli_raad, setup as cli_setup
from kompas.analysis import compare
from kompas.reports import compare_export
from kompas.domain import safe_text, settings
from kompas.domain.roles import ROLES, Access
from kompas.demo import accounts as demo_accounts
from kompas.demo.build import build_demo_file
from kompas.domain.errors import KompasError
from kompas.imports import ImportRefused, import_file
from kompas.reports import files as report_files
from kompas.reports import minutes
from kompas.store.connection import Store, StoreView
from kompas.demo.synth import SCALES, build_store_file


class _DutchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _DutchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_DutchFormatter, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")

    def error(self, message: str):  # argparse's own messages are English and multi-line
        translated = (message.replace("unrecognized arguments", "onbekende argumenten")
                      .replace("the following arguments are required", "deze argumenten ontbreken")
                      .replace("invalid choice", "ongeldige keuze")
                      .replace("choose from", "kies uit"))
        self.exit(2, f"Fout: {translated}. Zie 'python -m kompas --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchParser(prog="python -m kompas", description="Kwaliteitskompas: beheer van de database.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_DutchParser,
                                     metavar="{init,demo,info,list,import,areas,indicator,compare,review,raad,"
                                             "policy-check,coverage,export,assumptions,backup,restore,account,synth}")
    db_help = f"het databasebestand (standaard: $KOMPAS_DB of {settings.get('db_path')})"

    def role_option(command):
        command.add_argument("--role", choices=list(ROLES), default="werkgroep",
                             help="lees en werk als deze rol: werkgroep (standaard), lezer of raad")

    init = commands.add_parser("init", help="maak een database, eventueel meteen voor uw gemeente")
    init.add_argument("--db", default=settings.get("db_path"), help=db_help)
    cli_setup.add_init_options(init)

    demo = commands.add_parser("demo", help="maak de demo-database van gemeente Voorbeeldstad")
    demo.add_argument("--db", default=settings.get("db_path"), help=db_help)
    demo.add_argument("--overwrite", action="store_true", help="vervang een bestaand bestand")

    info = commands.add_parser("info", help="aantallen en schemaversie")
    info.add_argument("--db", default=settings.get("db_path"), help=db_help)
    info.add_argument("--json", action="store_true", help="uitvoer als JSON")
    role_option(info)

    listing = commands.add_parser("list", help="toon onderdelen, pijlen, indicatoren, metingen, gebieden of verhalen")
    listing.add_argument("kind", choices=["nodes", "edges", "indicators", "waves", "areas", "notes"])
    listing.add_argument("--db", default=settings.get("db_path"), help=db_help)
    listing.add_argument("--json", action="store_true", help="uitvoer als JSON")
    listing.add_argument("--audience", choices=["werkgroep", "openbaar", "intern"], default="werkgroep",
                         help="voor verhalen: welke verhalen mogen getoond worden (standaard werkgroep; "
                              "nooit meer dan de rol mag zien)")
    role_option(listing)

    imp = commands.add_parser("import", help="lees een bestand met cijfers in (CBS, sjabloon, enquête)")
    imp.add_argument("file", help="CSV, Excel (.xlsx), CBS OData (.json) of SPSS (.sav)")
    imp.add_argument("--db", default=settings.get("db_path"), help=db_help)
    imp.add_argument("--wave", help="de meting waar alle cijfers bij horen (nieuw of bestaand)")
    imp.add_argument("--mapping", help="koppelbestand (YAML): welke maat bij welke indicator hoort")
    imp.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou gebeuren")
    imp.add_argument("--valid-only", action="store_true",
                     help="sla de goede rijen op; de geweigerde rijen komen in <bestand>.geweigerd.csv")
    role_option(imp)

    cmp = commands.add_parser("compare", help="vergelijk twee metingen en schrijf de tabel naar CSV of Excel")
    cmp.add_argument("--db", default=settings.get("db_path"), help=db_help)
    cmp.add_argument("--from", dest="from_label", required=True, help="de eerste meting (naam)")
    cmp.add_argument("--to", dest="to_label", required=True, help="de tweede meting (naam)")
    cmp.add_argument("--programme", help="alleen de indicatoren van dit programma (code)")
    cmp.add_argument("--out", required=True, help="bestand .csv of .xlsx")
    role_option(cmp)

    review = commands.add_parser("review", help="werkgroepbesprekingen: lijst en verslag")
    review_commands = review.add_subparsers(dest="review_command", required=True, parser_class=_DutchParser,
                                            metavar="{list,report}")
    review_list = review_commands.add_parser("list", help="alle besprekingen")
    review_list.add_argument("--db", default=settings.get("db_path"), help=db_help)
    review_list.add_argument("--json", action="store_true", help="uitvoer als JSON")
    role_option(review_list)
    report = review_commands.add_parser("report", help="het verslag van een bespreking (standaard de laatste)")
    report.add_argument("--db", default=settings.get("db_path"), help=db_help)
    report.add_argument("--id", type=int, help="nummer van de bespreking (zie 'review list')")
    report.add_argument("--out", required=True, help="bestand .md of .docx")
    report.add_argument("--openbaar", action="store_true",
                        help="de openbare versie: zonder namen en zonder aantekeningen (de rol raad krijgt altijd deze)")
    role_option(report)
    cli_raad.add_parser(commands, db_help)
    cli_setup.add_parsers(commands, db_help, settings.get("db_path"), list(ROLES))
    cli_method.add_parsers(commands, db_help)
    _add_backup_commands(commands, db_help)
    _account_parser(commands, db_help)
    synth = commands.add_parser("synth", help="maak een verzonnen database op schaal, om de snelheid te meten")
    synth.add_argument("--scale", choices=list(SCALES), default="gemeente",
                       help="tiny, gemeente, regio of national (alle gemeenten, wijken en buurten)")
    synth.add_argument("--db", required=True, help="het nieuwe databasebestand")
    synth.add_argument("--overwrite", action="store_true", help="vervang een bestaand bestand")
    synth.add_argument("--seed", type=int, default=1, help="zelfde seed, zelfde database (standaard 1)")
    return parser


def _account_parser(commands, db_help: str) -> None:
    account = commands.add_parser("account", help="accounts om in te loggen: toevoegen, lijst, verwijderen")
    account_commands = account.add_subparsers(dest="account_command", required=True, parser_class=_DutchParser,
                                              metavar="{add,list,remove}")
    add = account_commands.add_parser("add", help="voeg een account toe (of geef het een nieuw wachtwoord)")
    add.add_argument("--name", required=True, help="de naam waarmee iemand inlogt")
    add.add_argument("--role", required=True, choices=list(ROLES), help="werkgroep, lezer of raad")
    add.add_argument("--email", default="", help="e-mailadres (voor inloggen via de organisatie, OIDC)")
    add.add_argument("--password-stdin", action="store_true",
                     help="lees het wachtwoord van de standaardinvoer (voor scripts) in plaats van te vragen")
    listing = account_commands.add_parser("list", help="alle accounts met hun rol")
    remove = account_commands.add_parser("remove", help="verwijder een account")
    remove.add_argument("--name", required=True, help="de naam van het account")
    for command in (add, listing, remove):
        command.add_argument("--db", default=settings.get("db_path"), help=db_help)


def _add_backup_commands(commands, db_help: str) -> None:
    save = commands.add_parser("backup", help="maak een reservekopie van de hele database (één .zip-bestand)")
    save.add_argument("--db", default=settings.get("db_path"), help=db_help)
    save.add_argument("--out", required=True, help="het bestand voor de reservekopie, bijvoorbeeld kompas-backup.zip")
    back = commands.add_parser("restore", help="zet een reservekopie terug in een (nieuw) databasebestand")
    back.add_argument("file", help="de reservekopie (.zip) van 'python -m kompas backup'")
    back.add_argument("--db", default=settings.get("db_path"), help=db_help)
    back.add_argument("--overwrite", action="store_true",
                      help="vervang een bestaand databasebestand (het oude blijft bewaard, met de datum in de naam)")
    for command in (save, back):
        command.add_argument("--role", choices=list(ROLES), default="werkgroep",
                             help="alleen de werkgroep mag een reservekopie maken of terugzetten")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        permissions.apply_umask()  # new files (store, write-ahead log, backups, exports): owner only
        return _run(args)
    except KompasError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        gemeente = cli_setup.check_init(args)
        existed = Path(args.db).exists()
        with Store(args.db, create=True).as_system("kompas init") as store:
            if existed:
                print(f"De database {args.db} bestond al; die is bijgewerkt naar schemaversie "
                      f"{store.schema_version()}" + (" en verder niet veranderd." if not gemeente else "."))
            else:
                print(f"{'Database' if gemeente else 'Lege database'} klaar: {args.db} "
                      f"(schemaversie {store.schema_version()}).")
            if gemeente:
                cli_setup.set_up(store, args, gemeente)
        return 0
    if args.command == "demo":
        kept = build_demo_file(args.db, overwrite=args.overwrite,
                               progress=lambda step: print(f"… {step}", file=sys.stderr))
        print(f"Demo-database van gemeente Voorbeeldstad klaar: {args.db}{_kept_note(kept)}")
        if demo_accounts.add_demo_accounts(accounts.path_for(args.db)):
            print(f"Demo-accounts gemaakt in {accounts.path_for(args.db)}: "
                  + ", ".join(f"{name} (wachtwoord {pw})" for name, pw in demo_accounts.DEMO_ACCOUNTS.items()) + ".")
        return 0
    if args.command == "synth":
        counts, kept = build_store_file(args.db, args.scale, args.seed, overwrite=args.overwrite)
        print(f"Verzonnen database '{args.scale}' klaar: {args.db} ({_dots(counts['observations'])} cijfers, "
              f"{_dots(counts['areas'])} gebieden){_kept_note(kept)}")
        return 0
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    if args.command == "account":
        return _account(args)
    with Store(args.db).as_user(f"{getpass.getuser()} (opdrachtregel)", args.role) as store:
        if args.command == "import":
            return _import(store, args)
        if args.command == "compare":
            return _compare(store, args)
        if args.command == "review":
            return _review(store, args)
        if args.command == "raad":
            return cli_raad.run(store, args)
        if args.command in cli_setup.COMMANDS:
            return cli_setup.run(store, args)
        if args.command in cli_method.COMMANDS:
            return cli_method.run(store, args)
        if args.command == "info":
            result = catalog.summary(store)
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                for key, value in result.items():
                    print(f"{key:15} {value}")
            return 0
        records = catalog.listing(store, args.kind, args.audience)
        if args.json:
            print(json.dumps(records, ensure_ascii=False))
        else:
            for record in records:
                print(" | ".join("" if v is None else safe_text.inline_text(v) for v in record.values()))
        return 0


def _backup_or_restore(args: argparse.Namespace) -> int:
    if args.role != "werkgroep":  # a backup holds every story and figure, whatever its visibility
        raise KompasError("Een reservekopie bevat alle verhalen en cijfers. Alleen de werkgroep mag die maken of "
                          "terugzetten (--role werkgroep).")
    if args.command == "backup":
        with _writing(args.out):
            made = backup.backup(args.db, args.out)
        with Store(args.db).as_user(f"{getpass.getuser()} (opdrachtregel)", args.role) as store:
            audit.record_export(store, "reservekopie", made.path.name, f"{made.total_rows} rijen")
        print(f"Reservekopie gemaakt: {made.path} ({made.total_rows} rijen in {len(made.rows)} tabellen, "
              f"schemaversie {made.schema_version}).")
        return 0
    with _writing(args.db):
        made = backup.restore(args.file, args.db, overwrite=args.overwrite,
                              by=Access(args.role, f"{getpass.getuser()} (opdrachtregel)"))
    print(f"Reservekopie teruggezet in {made.path}: {made.total_rows} rijen in {len(made.rows)} tabellen, "
          f"gecontroleerd op aantallen en inhoud{_kept_note(made.replaced)}")
    return 0


def _kept_note(kept: Path | None) -> str:
    """The end of a sentence: where the replaced store is kept, if one was replaced."""
    if kept is None:
        return "."
    return f". De vorige database is bewaard als {kept} (met het logboek); verwijder die zelf als u hem niet meer nodig hebt."


def _import(store: StoreView, args: argparse.Namespace) -> int:
    refused_csv = Path(args.file).with_suffix(".geweigerd.csv")
    shown = {"step": None}

    def progress(fraction: float, step: str) -> None:
        if step != shown["step"]:
            shown["step"] = step
            print(f"… {step} ({fraction:.0%})", file=sys.stderr)
    try:
        plan = import_file(store, args.file, wave_label=args.wave, mapping_path=args.mapping,
                           dry_run=args.dry_run, valid_only=args.valid_only, refused_csv=refused_csv,
                           progress=progress)
    except ImportRefused as exc:
        print(exc.plan.report(), file=sys.stderr)
        print("Er is niets opgeslagen. Verbeter de rijen hierboven, of gebruik --valid-only om alleen de "
              "goede rijen op te slaan.", file=sys.stderr)
        return 3
    written = refused_csv if plan.refused and args.valid_only and not args.dry_run else None
    print(plan.report(dry_run=args.dry_run, refused_csv=written))
    return 3 if plan.refused and args.dry_run and not args.valid_only else 0


def _compare(store: StoreView, args: argparse.Namespace) -> int:
    programmes = list(toc.programmes(store)["id"])
    if args.programme and args.programme not in programmes:
        raise KompasError(f"Onbekend programma '{args.programme}'. Kies uit: {', '.join(programmes)}.")
    labels = list(indicators.waves(store)["label"])
    for label in (args.from_label, args.to_label):
        if label not in labels:
            raise KompasError(f"Onbekende meting '{label}'. Kies uit: {'; '.join(labels)}.")
    with _writing(args.out):
        table = compare.compare_waves(store, args.from_label, args.to_label, programme_id=args.programme)
        path = compare_export.export(table, args.out)
    audit.record_export(store, "vergelijking", f"{args.from_label} → {args.to_label}", str(path))
    for note in table.attrs["notes"]:
        print(f"Let op: {note}")
    print(f"{len(table)} vergelijkingen geschreven naar {path}; de oordelen rusten op alle "
          f"{table.attrs['tests']} vergelijkingen tussen deze twee metingen. {compare.FDR_NOTE}")
    return 0


def _dots(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@contextmanager
def _writing(out: str):
    """Turn a refused suffix or an unwritable path into one Dutch line."""
    try:
        yield
    except ValueError as exc:
        raise KompasError(str(exc)) from None
    except OSError as exc:
        raise KompasError(f"Het bestand '{out}' kan niet worden geschreven: {exc.strerror}.") from None


def _review(store: StoreView, args: argparse.Namespace) -> int:
    table = reviews.reviews(store)
    if args.review_command == "list":
        records = catalog.plain_records(table.to_dict("records"))
        if args.json:
            print(json.dumps(records, ensure_ascii=False))
        else:
            for record in records:
                print(f"{record['id']:>3}  {record['held_on']}  {record['status']:9}  {record['title']}")
        return 0
    if table.empty:
        raise KompasError("Er zijn nog geen besprekingen; er is dus geen verslag.")
    review_id = args.id if args.id is not None else int(table.iloc[0]["id"])
    if review_id not in set(table["id"]):
        raise KompasError(f"Bespreking {review_id} bestaat niet. Zie 'python -m kompas review list'.")
    with _writing(args.out):
        path = report_files.write(minutes.minutes(store, review_id, public=args.openbaar), args.out)
    audit.record_export(store, "verslag", review_id, str(path))
    print(f"Verslag van bespreking {review_id} geschreven naar {path}.")
    return 0


def _account(args: argparse.Namespace) -> int:
    path = accounts.path_for(args.db)
    if args.account_command == "list":
        for account in accounts.load(path):
            print(f"{account.name:20} {account.role:10} {account.email}")
        return 0
    if args.account_command == "remove":
        accounts.remove(path, args.name)
        print(f"Account '{args.name}' is verwijderd uit {path}.")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            raise KompasError("De twee wachtwoorden zijn niet gelijk. Er is niets veranderd.")
    accounts.add(path, args.name, args.role, password, args.email)
    print(f"Account '{args.name}' ({args.role}) staat in {path}.")
    return 0
