"""The write benchmark for one second at a tiny scale: operations done, no error, no invariant broken."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_writes_runs_without_violating_any_invariant(settings, capsys):
    settings.RELAIS_DEMO = True
    call_command("generate_national", "--scale", "0.002", stdout=io.StringIO())
    call_command("bench_writes", "--processes", "2", "--seconds", "1", "--persons", "200", "--prechauffage", "0.5")
    out = capsys.readouterr().out
    operations = int(out.split(" opérations")[0])
    assert operations > 0, out
    assert "erreurs 0." in out, out
    assert (
        "places occupées deux fois 0 ; structures au-delà de leurs places 0 ; écarts état courant/historique 0" in out
    )
    assert "orientations dont le statut n'est pas la dernière transition 0" in out
    assert "orientations admises sans séjour 0 ; orientations dont un changement manque au journal 0." in out
