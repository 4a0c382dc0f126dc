"""Rebuild the shipped Northeast boundary GeoJSON from the map data of the ECharts 4.9.0 package.

ECharts 4 shipped China's province and prefecture boundaries (Apache-2.0) in a compressed
form; ECharts 5 dropped them. This decodes the four Northeast provinces and their prefecture
cities into plain GeoJSON keyed by GB/T 2260 code. Run once when upgrading:

    npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    python -m zhenxing.projects.geodata package/map/json zhenxing/static/vendor/geo
"""

import json
import sys
from pathlib import Path

PROVINCE_FILES = {
    "150000": "neimenggu",
    "210000": "liaoning",
    "220000": "jilin",
    "230000": "heilongjiang",
}
PLACES = 3  # about 100 m
MIN_STEP = 0.02  # degrees (about 2 km, a third of a pixel on the dashboard map): drop nearer points


def _decode_ring(encoded: str, offset: list[int], scale: float) -> list[list[float]]:
    ring, previous_x, previous_y = [], offset[0], offset[1]
    for index in range(0, len(encoded), 2):
        x = ord(encoded[index]) - 64
        y = ord(encoded[index + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        previous_x += x
        previous_y += y
        ring.append([round(previous_x / scale, PLACES), round(previous_y / scale, PLACES)])
    return _thin(ring)


def _thin(ring: list[list[float]]) -> list[list[float]]:
    """Radial-distance simplification; the first and last points (the ring's closure) stay."""
    if len(ring) <= 8:
        return ring
    kept = [ring[0]]
    for point in ring[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= MIN_STEP:
            kept.append(point)
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else ring


def _decode_geometry(geometry: dict, scale: float) -> dict:
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [
            _decode_ring(r, o, scale) for r, o in zip(geometry["coordinates"], offsets, strict=True)
        ]
        return {"type": "Polygon", "coordinates": rings}
    polygons = [
        [_decode_ring(r, o, scale) for r, o in zip(polygon, polygon_offsets, strict=True)]
        for polygon, polygon_offsets in zip(geometry["coordinates"], offsets, strict=True)
    ]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _features(path: Path, keep) -> list[dict]:
    data = json.loads(path.read_text("utf-8"))
    scale = data.get("UTF8Scale", 1024)
    features = []
    for feature in data["features"]:
        code = str(feature.get("id", ""))
        if not keep(code):
            continue
        geometry = feature["geometry"]
        if data.get("UTF8Encoding"):
            geometry = _decode_geometry(geometry, scale)
        name = feature["properties"]["name"]
        centre = feature["properties"].get("cp")
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": name, "centre": centre},
                "geometry": geometry,
            }
        )
    return features


def build(source: Path, target: Path) -> None:
    """Write northeast-provinces.json and northeast-cities.json under `target`."""
    target.mkdir(parents=True, exist_ok=True)
    provinces = _features(source / "china.json", lambda code: code in PROVINCE_FILES)
    cities = []
    for name in PROVINCE_FILES.values():
        cities += _features(source / "province" / f"{name}.json", lambda code: len(code) == 6)
    for filename, features in (
        ("northeast-provinces.json", provinces),
        ("northeast-cities.json", cities),
    ):
        collection = {"type": "FeatureCollection", "features": features}
        (target / filename).write_text(
            json.dumps(collection, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
