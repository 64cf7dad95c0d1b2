package dev.animus.demo.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** PNG charts of benchmark results (XChart, drawn off-screen: no display needed). */
public final class Plots {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * A line chart: one line a series over the same x values.
     *
     * @param file where the PNG goes (".png" is added by XChart when missing)
     * @param series name to y values, each as long as {@code x}
     */
    public static void lines(
            Path file,
            String title,
            String xTitle,
            String yTitle,
            List<? extends Number> x,
            Map<String, List<? extends Number>> series,
            boolean logY) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // below: never over a line
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((name, y) -> chart.addSeries(name, x, y));
        save(chart, file);
    }

    /**
     * A bar chart: groups of bars, one bar a series in each category.
     *
     * @param series name to one value per category
     */
    static void bars(
            Path file,
            String title,
            String yTitle,
            List<String> categories,
            Map<String, List<? extends Number>> series) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((name, y) -> chart.addSeries(name, categories, y));
        save(chart, file);
    }

    private static void save(Chart<?, ?> chart, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the chart " + file, e);
        }
    }
}
