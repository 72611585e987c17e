// Placeholder until the benchmark lands.
console.log('bench');
