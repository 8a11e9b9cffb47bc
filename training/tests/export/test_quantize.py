import os
import tempfile
import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from training.export.ort import ort_run
from training.export.quantize import quantize_matmuls


class TestQuantize(unittest.TestCase):
    def test_int8_matmul_is_close_and_smaller(self):
        rng = np.random.default_rng(0)
        W = rng.standard_normal((64, 96)).astype(np.float32)
        graph = helper.make_graph(
            [helper.make_node("MatMul", ["x", "W"], ["y"], name="mm")], "g",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", 10, 64])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["b", 10, 96])],
            [numpy_helper.from_array(W, "W")])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        x = rng.standard_normal((2, 10, 64)).astype(np.float32)
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, "f.onnx"), os.path.join(d, "q.onnx")
            onnx.save(model, src)
            self.assertEqual(quantize_matmuls(src, dst)["quantized_matmuls"], 1)
            ops = [n.op_type for n in onnx.load(dst).graph.node]
            self.assertIn("MatMulInteger", ops)
            self.assertLess(os.path.getsize(dst), os.path.getsize(src) / 3)
            (y,), _ = ort_run(dst, [{"x": x}], "y")
        ref = x @ W
        rel = np.abs(y - ref).max() / np.abs(ref).max()
        self.assertLess(rel, 0.03)


if __name__ == "__main__":
    unittest.main()
