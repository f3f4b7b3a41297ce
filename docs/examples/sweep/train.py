"""A stand-in training script for the sweep example: it reads the request mocache sends on standard
input and prints the model id it "trained" as its last line."""

import json
import sys

request = json.load(sys.stdin)
hyperparameters = request["hyperparameters"]
rate = hyperparameters["learning_rate"]
epochs = hyperparameters["epochs"]
print(f"training {request['base_model']} on {request['dataset_path']}: lr={rate} epochs={epochs}", file=sys.stderr)
print(json.dumps({"model_id": f"tiny-lr{rate}-ep{epochs}", "final_loss": round(rate / epochs, 4)}))
