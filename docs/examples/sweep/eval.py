"""A stand-in eval script for the sweep example: it scores the model named on standard input on one
task, from the hyperparameters in its id, and prints the metrics as its last line."""

import json
import sys

request = json.load(sys.stdin)
model, task = request["model_id"], request["task"]
rate = float(model.split("-lr")[1].split("-ep")[0])
epochs = int(model.split("-ep")[1])
accuracy = 0.9 - abs(rate - 0.01) - 0.05 / epochs
if task == "shifted":
    accuracy -= 0.15
print(json.dumps({"metrics": {"accuracy": round(accuracy, 4)}, "sample_count": 200}))
