#!/usr/bin/env bash
# Packs Rtu.Trainers, Rtu.Onnx and Rtu.MLNet into a local folder feed, then builds and runs a fresh console project
# that references Rtu.MLNet from that feed only (plus the usual package source for Microsoft.ML and the rest):
# the "use it from your own project" path of README.md, end to end.  Usage: scripts/local-feed-install.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"; feed="$work/feed"; app="$work/app"
mkdir -p "$feed" "$app"
for p in Rtu.Trainers Rtu.Onnx Rtu.MLNet; do dotnet pack "$root/src/$p" -c Release -o "$feed" --nologo -v quiet; done
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)
cat > "$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable><NoWarn>NU1603;NU1507</NoWarn></PropertyGroup>
  <ItemGroup><PackageReference Include="Rtu.MLNet" Version="$version" /></ItemGroup>
</Project>
XML
# The local feed first; the machine's configured sources stay (Microsoft.ML and friends come from there).
cat > "$app/nuget.config" <<XML
<configuration><packageSources><add key="local-rtu" value="$feed" /></packageSources></configuration>
XML
cat > "$app/Program.cs" <<'CS'
using Microsoft.ML;
using Rtu.MLNet;
var ml = new MLContext();
var rows = Enumerable.Range(0, 120).SelectMany(t => new[] { "a", "b" }.Select(k => new Row { Sensor = k, Value = (float)(Math.Sin(t / 3.0) + (k == "b" ? 5 : 0)) })).ToArray();
var model = ml.Forecasting.ForecastByRtu(new RtuForecastingOptions { InputColumnName = "Value", SeriesKeyColumnName = "Sensor" }).Fit(ml.Data.LoadFromEnumerable(rows));
Console.WriteLine($"installed from the local feed: {string.Join(",", model.SeriesKeys)} next b = {model.CreateStreamingEngine().Forecast("b")[0]:F3}");
public sealed class Row { public string Sensor { get; set; } = ""; public float Value { get; set; } }
CS
export NUGET_PACKAGES="$work/packages"   # a clean package cache: Rtu.* can only come from the feed just packed
dotnet run --project "$app" -c Release --nologo
unzip -l "$feed"/Rtu.MLNet.*.nupkg | grep -q ' README.md' && echo "Rtu.MLNet.$version.nupkg carries README.md"
