"""Drives a p2law service through a client generated from openapi.yaml (openapi-generator, python).

Usage: python3 python_client_check.py BASE_URL FAMILY CSV   (run by scripts/check-python-client.sh)
Uploads the runs of CSV (this service's long CSV format) as JSON, fits the p2 law, predicts a loss,
checks a budget, fetches the plot with each Accept a generated client may send, imports a
Hugging Face trainer_state.json, and exits non-zero
on the first thing that does not work.
"""
import csv
import sys
from collections import OrderedDict

import p2law_client
from p2law_client.models import Checkpoint, RunInput, RunsUpload, PredictionRequest, FitRequest, \
    BudgetCheckRequest


def main(base_url, family, csv_path):
    config = p2law_client.Configuration(host=base_url)
    with p2law_client.ApiClient(config) as client:
        runs_api = p2law_client.RunsApi(client)
        laws_api = p2law_client.LawsApi(client)

        runs = OrderedDict()
        with open(csv_path, newline="") as f:
            for row in csv.DictReader(f):
                run = runs.setdefault(row["run_id"], RunInput(
                    run_id=row["run_id"], base_model=row["base_model"], pruning_method=row["pruning_method"],
                    params_before=int(row["params_before"]), pruning_rate=float(row["pruning_rate"]),
                    loss_before=float(row["loss_before"]), checkpoints=[]))
                run.checkpoints.append(Checkpoint(tokens=int(row["tokens"]), loss=float(row["loss"])))
        uploaded = runs_api.upload_runs(family, RunsUpload(runs=list(runs.values())))
        print("upload:", uploaded.runs_created, "runs,", uploaded.checkpoints_stored, "checkpoints")
        assert uploaded.checkpoints_stored == sum(len(r.checkpoints) for r in runs.values())

        fit = laws_api.fit_law(family, fit_request=FitRequest(form="p2", bootstrap_samples=50, seed=7))
        print("fit:", fit.form, "R2", round(fit.r2, 4), "on data version", fit.data_version)
        assert fit.r2 > 0.9

        prediction = laws_api.predict_loss(family, PredictionRequest(
            params_before=3210000000, pruning_rate=0.25, loss_before=2.12, tokens=[100000000, 1000000000]))
        tokens = [p.tokens for p in prediction.predictions]
        print("prediction:", [(p.tokens, round(p.loss, 4)) for p in prediction.predictions])
        assert tokens == [100000000, 1000000000] and all(isinstance(t, int) for t in tokens)

        check = laws_api.check_budget(family, BudgetCheckRequest(
            params_before=3210000000, pruning_rate=0.25, loss_before=2.12, planned_tokens=1000000000,
            target_loss=2.3))
        print("budget check:", check.verdict, "tokens for target", check.tokens_for_target)
        assert check.verdict == "pass" and isinstance(check.tokens_for_target, int)

        for accept in (None, "application/problem+json", "application/json"):
            headers = {"Accept": accept} if accept else None
            svg = laws_api.plot_law(family, runs=list(runs)[:2], _headers=headers)
            text = svg if isinstance(svg, str) else svg.decode("utf-8") if isinstance(svg, (bytes, bytearray)) else str(svg)
            print("plot with Accept", accept or "(generated default)", ":", len(text), "characters")
            assert "<svg" in text and list(runs)[0] in text

        with open("src/test/resources/imports/trainer_state.json", "rb") as f:
            state = f.read()
        imported = runs_api.import_runs(family, "hf-trainer", ("trainer_state.json", state),
                                        '{"*": {"runId": "imported-1b-depth-25", "baseModel": "llama-3.2-1b", '
                                        '"pruningMethod": "depth", "paramsBefore": 1240000000, "pruningRate": 0.25, '
                                        '"lossBefore": 2.35}}')
        print("import:", imported.runs_created, "run,", imported.checkpoints_stored, "checkpoints,",
              imported.skipped_steps, "skipped step(s)")
        assert imported.runs_created == 1 and imported.checkpoints_stored == 10

        try:
            laws_api.get_current_law("no-such-family-for-the-check")
            raise AssertionError("an unknown family answered")
        except p2law_client.exceptions.NotFoundException as problem:
            print("unknown family: 404 problem", problem.body[:80] if problem.body else "")
    print("python client check: OK")


if __name__ == "__main__":
    main(*sys.argv[1:4])
