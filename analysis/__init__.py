"""Analyses of the city model: numpy kernels and the VTK pipeline stages that run them.

Solar (issue 5):

- :mod:`analysis.sun` - sun positions (NREL SPA via pvlib), the site of a city, shadow-study directions;
- :mod:`analysis.weather` - EPW / PVGIS TMY readers and the labelled clear-sky year;
- :mod:`analysis.sky` - Tregenza patches and the Perez 1990 cumulative sky;
- :mod:`analysis.raycast` - Embree occlusion scene, tree crowns, face samples;
- :mod:`analysis.solar` - kernels and :func:`analysis.solar.compute_solar`;
- :mod:`analysis.pipeline` - :class:`analysis.pipeline.SolarIrradiationFilter`.

Submodules are not imported here: pvlib and embreex load only when an analysis runs.
"""
