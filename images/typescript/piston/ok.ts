console.log('OK');
