package sandbox

const RaceEnabled = raceEnabled
